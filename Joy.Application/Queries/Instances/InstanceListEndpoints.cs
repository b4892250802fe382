using System.Globalization;
using Joy.Application.Security;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;
using Wolverine.Http;

namespace Joy.Application.Queries.Instances;

public sealed record InstanceListResponse(IReadOnlyList<InstanceSummary> Items, string? Next);

/// <summary><c>GET /api/v1/StateMachineInstance/All</c>: the original's filters, keyset-paged, newest first.</summary>
[Tags("StateMachineInstance")]
public static class InstanceListEndpoints
{
    private static readonly string[] Statuses = ["Running", "Succeeded", "Failed", "Cancelled"];

    [WolverineGet("/api/v1/StateMachineInstance/All", OperationId = "ListInstances"), RequiresRole(Role.Reader)]
    [EndpointSummary("List instances"), EndpointDescription("Filtered by name, stage, status and start time, newest first; `next` is the `after` of the next page.")]
    public static async Task<Results<Ok<InstanceListResponse>, ValidationProblem>> List(
        string? name, string? stage, string? status,
        [FromQuery(Name = "begin_time")] string? beginTime,
        [FromQuery(Name = "finish_time")] string? finishTime,
        string? limit, string? after, InstanceListQueries queries, CancellationToken cancellationToken)
    {
        var errors = new Dictionary<string, string[]>();
        var begin = Time(beginTime, "begin_time", errors);
        var finish = Time(finishTime, "finish_time", errors);
        var size = 50;
        if (limit is not null && (!int.TryParse(limit, CultureInfo.InvariantCulture, out size) || size < 1 || size > InstanceListQuery.MaxLimit))
        {
            errors["limit"] = [$"limit must be a whole number from 1 to {InstanceListQuery.MaxLimit}."];
        }

        InstanceCursor? cursor = null;
        if (after is not null && !InstanceCursor.TryParse(after, out cursor))
        {
            errors["after"] = ["after must be the 'next' token of a previous page."];
        }

        var statusName = status is null ? null : Statuses.FirstOrDefault(s => s.Equals(status, StringComparison.OrdinalIgnoreCase));
        if (status is not null && statusName is null)
        {
            errors["status"] = [$"status must be one of {string.Join(", ", Statuses)}."];
        }

        if (errors.Count > 0)
        {
            return TypedResults.ValidationProblem(errors);
        }

        var page = await queries.ListAsync(new InstanceListQuery(Blank(name), Blank(stage), statusName, begin, finish, cursor, size), cancellationToken);
        return TypedResults.Ok(new InstanceListResponse(page.Items, page.Next));
    }

    private static DateTimeOffset? Time(string? text, string key, Dictionary<string, string[]> errors)
    {
        if (string.IsNullOrWhiteSpace(text))
        {
            return null;
        }

        if (DateTimeOffset.TryParse(text, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var time))
        {
            return time;
        }

        errors[key] = [$"'{text}' is not a date and time (ISO 8601, e.g. 2026-11-21T05:00:00Z)."];
        return null;
    }

    private static string? Blank(string? value) => string.IsNullOrWhiteSpace(value) ? null : value;
}
