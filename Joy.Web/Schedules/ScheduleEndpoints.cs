using Joy.Application.Security;
using Joy.Web.Security;
using System.Text.Json;
using Joy.Application.EventStore;
using Joy.Application.Schedules;
using DomainJson = Joy.Domain.DomainJson;
using Joy.Domain.Definitions;
using Joy.Web.Definitions;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;

namespace Joy.Web.Schedules;

/// <summary>
/// <c>/api/v1/Schedule</c>: cron schedules, event-sourced like the definitions (stream <c>schedule-{name}</c>, the version as
/// ETag / If-Match), with pause, resume, trigger and backfill. Firing is <see cref="ScheduleFiringAgent"/>'s, in one process.
/// </summary>
public static class ScheduleEndpoints
{
    private const int RecentFires = 20;

    public static IEndpointRouteBuilder MapSchedules(this IEndpointRouteBuilder endpoints)
    {
        var group = endpoints.MapGroup("/api/v1/Schedule").WithTags("Schedule");
        group.MapGet("/All", ListAsync).WithName("ListSchedules").RequireRole(Role.Reader).WithSummary("Every schedule, with its next fire times and last fire");
        group.MapGet("/NextFireTimes", NextFireTimes).WithName("PreviewScheduleCron").RequireRole(Role.Reader)
            .WithSummary("The next five ticks of a cron in a time zone, or what is wrong with them (the console checks a cron as it is typed)");
        group.MapGet("/{name}", GetAsync).WithName("GetSchedule").RequireRole(Role.Reader).WithSummary("A schedule: its next five fire times and its recent fires");
        group.MapGet("/{name}/history", HistoryAsync).WithName("GetScheduleHistory").RequireRole(Role.Reader)
            .WithSummary("Every event of the schedule's stream, also after it was deleted");
        group.MapPut("", PutAsync).WithName("PutSchedule").RequireRole(Role.Operator).WithSummary("Define a new schedule; 409 when the name exists")
            .Accepts<Domain.Schedules.ScheduleDefinition>("application/json");
        group.MapPatch("/{name}", PatchAsync).WithName("PatchSchedule").RequireRole(Role.Operator).WithSummary("Change a schedule with a JSON merge patch")
            .Accepts<Domain.Schedules.ScheduleDefinition>("application/merge-patch+json", "application/json");
        group.MapDelete("/{name}", DeleteAsync).WithName("DeleteSchedule").RequireRole(Role.Operator).WithSummary("Delete a schedule (its history stays readable)");
        group.MapPost("/{name}/pause", (string name, ScheduleService s, HttpContext c, CancellationToken t) =>
            ChangeAsync(c, () => s.PauseAsync(name, c.EventMetadata(), t), s, t)).WithName("PauseSchedule").RequireRole(Role.Operator).WithSummary("Stop firing until resumed");
        group.MapPost("/{name}/resume", (string name, ScheduleService s, HttpContext c, CancellationToken t) =>
            ChangeAsync(c, () => s.ResumeAsync(name, c.EventMetadata(), t), s, t)).WithName("ResumeSchedule").RequireRole(Role.Operator)
            .WithSummary("Fire again from now on (ticks while paused are not caught up)");
        group.MapPost("/{name}/trigger", (string name, ScheduleService s, HttpContext c, CancellationToken t) =>
            ChangeAsync(c, () => s.TriggerAsync(name, c.EventMetadata(), t), s, t)).WithName("TriggerSchedule").RequireRole(Role.Operator)
            .WithSummary("Fire once now, by the overlap policy");
        group.MapPost("/{name}/backfill", BackfillAsync).WithName("BackfillSchedule").RequireRole(Role.Operator)
            .WithSummary("Fire each of the cron's ticks in [from, to] once, oldest first");
        return endpoints;
    }

    private static Results<Ok<DateTimeOffset[]>, ValidationProblem> NextFireTimes(string? cron, string? timeZone, TimeProvider time)
    {
        var (ticks, problems) = CronTicks.Parse(cron, timeZone);
        return ticks is null
            ? TypedResults.ValidationProblem(problems)
            : TypedResults.Ok(ticks.Next(time.GetUtcNow(), ScheduleResponse.NextCount).ToArray());
    }

    private static async Task<Ok<ScheduleResponse[]>> ListAsync(ScheduleService schedules, CancellationToken cancellationToken)
    {
        var all = new List<ScheduleResponse>();
        foreach (var record in await schedules.ListAsync(cancellationToken))
        {
            all.Add(ScheduleResponse.From(record, await schedules.RecentFiresAsync(record.Name, 1, cancellationToken), withRecent: false));
        }

        return TypedResults.Ok(all.ToArray());
    }

    private static async Task<Results<Ok<ScheduleResponse>, NotFoundProblem>> GetAsync(
        string name, ScheduleService schedules, HttpContext context, CancellationToken cancellationToken) =>
        await schedules.GetAsync(name, cancellationToken) is { } record
            ? await RespondAsync(context, record, schedules, cancellationToken)
            : DefinitionErrors.NotFound("Schedule", name);

    private static async Task<Results<Ok<ScheduleHistoryEvent[]>, NotFoundProblem>> HistoryAsync(
        string name, ScheduleService schedules, CancellationToken cancellationToken)
    {
        var events = await schedules.HistoryAsync(name, cancellationToken);
        return events.Count == 0
            ? DefinitionErrors.NotFound("Schedule", name)
            : TypedResults.Ok(events.Select(e => new ScheduleHistoryEvent(e.Version, e.Type,
                JsonSerializer.SerializeToNode(e.Data, e.Data.GetType(), DomainJson.Options), e.Timestamp, e.Metadata.Actor)).ToArray());
    }

    private static async Task<Results<Created<ScheduleResponse>, ValidationProblem, ConflictProblem>> PutAsync(
        HttpContext context, ScheduleService schedules, CancellationToken cancellationToken)
    {
        var parsed = await ScheduleBody.ReadAsync(context.Request, patch: false, cancellationToken);
        if (parsed.Errors is not null)
        {
            return DefinitionErrors.Invalid(parsed.Errors);
        }

        try
        {
            var record = await schedules.DefineAsync(ScheduleBody.ToDefinition(parsed.Body!), context.EventMetadata(), cancellationToken);
            DefinitionErrors.SetETag(context, record.State.Version);
            return TypedResults.Created($"/api/v1/Schedule/{Uri.EscapeDataString(record.Name)}",
                ScheduleResponse.From(record, [], withRecent: true));
        }
        catch (Exception refused) when (refused is ScheduleInvalidException or JsonException or DefinitionAlreadyExistsException
                                            or WrongExpectedVersionException)
        {
            return refused switch
            {
                ScheduleInvalidException invalid => TypedResults.ValidationProblem(invalid.Problems),
                JsonException json => TypedResults.ValidationProblem(new Dictionary<string, string[]> { [json.Path ?? ""] = [json.Message] }),
                _ => DefinitionErrors.Conflict(refused),
            };
        }
    }

    private static async Task<Results<Ok<ScheduleResponse>, ValidationProblem, NotFoundProblem, ConflictProblem>> PatchAsync(
        string name, HttpContext context, ScheduleService schedules, [FromHeader(Name = "If-Match")] string? ifMatch, CancellationToken cancellationToken)
    {
        if (!DefinitionErrors.TryParseIfMatch(ifMatch, out var expected))
        {
            return DefinitionErrors.BadIfMatch();
        }

        var parsed = await ScheduleBody.ReadAsync(context.Request, patch: true, cancellationToken);
        return parsed.Errors is not null
            ? DefinitionErrors.Invalid(parsed.Errors)
            : await ChangeAsync(context, () => schedules.ChangeAsync(name, parsed.Body!, expected, context.EventMetadata(), cancellationToken), schedules,
                cancellationToken);
    }

    private static async Task<Results<NoContent, ValidationProblem, NotFoundProblem, ConflictProblem>> DeleteAsync(
        string name, HttpContext context, ScheduleService schedules, [FromHeader(Name = "If-Match")] string? ifMatch, CancellationToken cancellationToken)
    {
        if (!DefinitionErrors.TryParseIfMatch(ifMatch, out var expected))
        {
            return DefinitionErrors.BadIfMatch();
        }

        try
        {
            await schedules.DeleteAsync(name, expected, context.EventMetadata(), cancellationToken);
            return TypedResults.NoContent();
        }
        catch (Exception refused) when (refused is DefinitionNotFoundException or WrongExpectedVersionException)
        {
            return refused is DefinitionNotFoundException notFound ? DefinitionErrors.NotFound(notFound) : DefinitionErrors.Conflict(refused);
        }
    }

    private static async Task<Results<Ok<BackfillResponse>, ValidationProblem, NotFoundProblem, ConflictProblem>> BackfillAsync(
        string name, BackfillRequest request, ScheduleService schedules, HttpContext context, CancellationToken cancellationToken)
    {
        var missing = new Dictionary<string, string[]>();
        if (request.From is null) missing["from"] = ["The first moment of the range (ISO 8601) is required."];
        if (request.To is null) missing["to"] = ["The last moment of the range (ISO 8601) is required."];
        if (missing.Count > 0)
        {
            return TypedResults.ValidationProblem(missing);
        }

        try
        {
            var fires = await schedules.BackfillAsync(name, request.From!.Value, request.To!.Value, request.Overlap, context.EventMetadata(), cancellationToken);
            return TypedResults.Ok(new BackfillResponse(fires));
        }
        catch (Exception refused) when (refused is ScheduleInvalidException or DefinitionNotFoundException or WrongExpectedVersionException)
        {
            return refused switch
            {
                ScheduleInvalidException invalid => TypedResults.ValidationProblem(invalid.Problems),
                DefinitionNotFoundException notFound => DefinitionErrors.NotFound(notFound),
                _ => DefinitionErrors.Conflict(refused),
            };
        }
    }

    /// <summary>A change of one schedule, answered with the schedule after it (and its version as ETag), or the refusal.</summary>
    private static async Task<Results<Ok<ScheduleResponse>, ValidationProblem, NotFoundProblem, ConflictProblem>> ChangeAsync(
        HttpContext context, Func<Task<ScheduleRecord>> change, ScheduleService schedules, CancellationToken cancellationToken)
    {
        try
        {
            return await RespondAsync(context, await change(), schedules, cancellationToken);
        }
        catch (Exception refused) when (refused is ScheduleInvalidException or JsonException or DefinitionRejectedException
                                            or WrongExpectedVersionException)
        {
            return refused switch
            {
                ScheduleInvalidException invalid => TypedResults.ValidationProblem(invalid.Problems),
                JsonException json => TypedResults.ValidationProblem(new Dictionary<string, string[]> { [json.Path ?? ""] = [json.Message] }),
                DefinitionInvalidException invalid => DefinitionErrors.Invalid(invalid),
                DefinitionNotFoundException notFound => DefinitionErrors.NotFound(notFound),
                _ => DefinitionErrors.Conflict(refused),
            };
        }
    }

    private static async Task<Ok<ScheduleResponse>> RespondAsync(HttpContext context, ScheduleRecord record, ScheduleService schedules,
        CancellationToken cancellationToken)
    {
        DefinitionErrors.SetETag(context, record.State.Version);
        return TypedResults.Ok(ScheduleResponse.From(record, await schedules.RecentFiresAsync(record.Name, RecentFires, cancellationToken), withRecent: true));
    }

}
