using Joy.Application.Security;
using Joy.Web.Security;
using System.Text.Json;
using Joy.Application.Queries;
using Joy.Application.Queries.Feed;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Http.Json;
using Microsoft.Extensions.Options;

namespace Joy.Web.Queries;

/// <summary>
/// The global log over HTTP: <c>GET /api/v1/events</c> pages it, <c>GET /api/v1/events/stream</c>
/// follows it live as Server-Sent Events. Both take the same filters (<see cref="FeedRequest"/>).
/// </summary>
public static class EventFeedEndpoints
{
    public static IEndpointRouteBuilder MapEventFeed(this IEndpointRouteBuilder endpoints)
    {
        var group = endpoints.MapGroup("/api/v1/events").WithTags("Events");
        group.MapGet("/", GetPageAsync).WithName("GetEvents").RequireRole(Role.Reader);
        group.MapGet("/stream", StreamAsync).WithName("StreamEvents").RequireRole(Role.Reader)
            .Produces(StatusCodes.Status200OK, contentType: "text/event-stream")
            .ProducesValidationProblem();
        return endpoints;
    }

    private static async Task<Results<Ok<EventPageView>, ValidationProblem>> GetPageAsync(
        HttpRequest request, EventFeedReader reader, CancellationToken cancellationToken)
    {
        var query = FeedRequest.Parse(request, live: false, out var errors);
        if (errors.Count > 0)
        {
            return TypedResults.ValidationProblem(errors);
        }

        if (FeedRequest.IsFromEnd(request, live: false))
        {
            query = query.With(await reader.EndAsync(cancellationToken));
        }

        var page = await reader.ReadAsync(query, cancellationToken);
        return TypedResults.Ok(new EventPageView(page.Events.Select(EventView.From).ToList(), page.Next.ToString(), page.HeldBack));
    }

    /// <summary>
    /// Each event is written as <c>id: position</c>, <c>event: type</c>, <c>data: json</c> and flushed.
    /// A slow client holds at most one page (<see cref="EventFeedOptions.PageSize"/>) in memory: the
    /// next read waits until the writes went out. Idle streams get a <c>: keep-alive</c> comment.
    /// </summary>
    private static async Task StreamAsync(
        HttpContext context, EventFeedFollower follower, EventFeedReader reader, IOptions<JsonOptions> json, CancellationToken cancellationToken)
    {
        var query = FeedRequest.Parse(context.Request, live: true, out var errors);
        if (errors.Count > 0)
        {
            await TypedResults.ValidationProblem(errors).ExecuteAsync(context);
            return;
        }

        if (FeedRequest.IsFromEnd(context.Request, live: true))
        {
            query = query.With(await reader.EndAsync(cancellationToken));
        }

        var response = context.Response;
        response.ContentType = "text/event-stream";
        response.Headers.CacheControl = "no-cache";
        response.Headers["X-Accel-Buffering"] = "no";
        await response.WriteAsync("retry: 1000\n: connected\n\n", cancellationToken);
        await response.Body.FlushAsync(cancellationToken);
        var serializer = json.Value.SerializerOptions;
        try
        {
            await foreach (var stored in follower.FollowAsync(query, cancellationToken))
            {
                await response.WriteAsync(stored is null ? ": keep-alive\n\n" : Frame(EventView.From(stored), serializer), cancellationToken);
                await response.Body.FlushAsync(cancellationToken);
            }
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            // the client went away
        }
    }

    private static string Frame(EventView view, JsonSerializerOptions options) =>
        $"id: {view.Position}\nevent: {view.Type}\ndata: {view.ToJson(options)}\n\n";
}

public sealed record EventPageView(IReadOnlyList<EventView> Events, string Next, bool HeldBack);
