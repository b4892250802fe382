using System.Text.Json;
using Joy.Application.Definitions;
using Joy.Application.EventStore;
using Joy.Application.Security;
using Joy.Domain.Definitions;
using Joy.Domain.Schedules;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;
using Wolverine.Http;
using DomainJson = Joy.Domain.DomainJson;
using FromHeaderAttribute = Microsoft.AspNetCore.Mvc.FromHeaderAttribute;

namespace Joy.Application.Schedules;

/// <summary>
/// <c>/api/v1/Schedule</c> on Wolverine.Http: cron schedules, event-sourced like the definitions (stream <c>schedule-{name}</c>,
/// the version as ETag / If-Match), with pause, resume, trigger and backfill. Firing is <see cref="ScheduleFiringAgent"/>'s, in one process.
/// </summary>
[Tags("Schedule")]
public static class ScheduleEndpoints
{
    private const string Route = "/api/v1/Schedule";

    private const int RecentFires = 20;

    [WolverineGet(Route + "/NextFireTimes", OperationId = "PreviewScheduleCron"), RequiresRole(Role.Reader)]
    [EndpointSummary("The next five ticks of a cron in a time zone, or what is wrong with them (the console checks a cron as it is typed)")]
    [EndpointDescription("400 names what is wrong with the cron or the time zone.")]
    public static Results<Ok<DateTimeOffset[]>, ValidationProblem> NextFireTimes(string? cron, string? timeZone, TimeProvider time)
    {
        var (ticks, problems) = CronTicks.Parse(cron, timeZone);
        return ticks is null
            ? TypedResults.ValidationProblem(problems)
            : TypedResults.Ok(ticks.Next(time.GetUtcNow(), ScheduleResponse.NextCount).ToArray());
    }

    [WolverineGet(Route + "/All", OperationId = "ListSchedules"), RequiresRole(Role.Reader)]
    [EndpointSummary("Every schedule, with its next fire times and last fire"), EndpointDescription("Each with its next five fire times and its last fire.")]
    public static async Task<Ok<ScheduleResponse[]>> List(ScheduleService schedules, CancellationToken cancellationToken)
    {
        var all = new List<ScheduleResponse>();
        foreach (var record in await schedules.ListAsync(cancellationToken))
        {
            all.Add(ScheduleResponse.From(record, await schedules.RecentFiresAsync(record.Name, 1, cancellationToken), withRecent: false));
        }

        return TypedResults.Ok(all.ToArray());
    }

    [WolverineGet(Route + "/{name}", OperationId = "GetSchedule"), RequiresRole(Role.Reader)]
    [EndpointSummary("A schedule: its next five fire times and its recent fires"), EndpointDescription("The version comes back as ETag, for If-Match on PATCH and DELETE.")]
    public static async Task<Results<Ok<ScheduleResponse>, NotFoundProblem>> Get(
        string name, ScheduleService schedules, HttpContext context, CancellationToken cancellationToken) =>
        await schedules.GetAsync(name, cancellationToken) is { } record
            ? await RespondAsync(context, record, schedules, cancellationToken)
            : DefinitionErrors.NotFound("Schedule", name);

    [WolverineGet(Route + "/{name}/history", OperationId = "GetScheduleHistory"), RequiresRole(Role.Reader)]
    [EndpointSummary("Every event of the schedule's stream, also after it was deleted"), EndpointDescription("Oldest first, with who caused each.")]
    public static async Task<Results<Ok<ScheduleHistoryEvent[]>, NotFoundProblem>> History(
        string name, ScheduleService schedules, CancellationToken cancellationToken)
    {
        var events = await schedules.HistoryAsync(name, cancellationToken);
        return events.Count == 0
            ? DefinitionErrors.NotFound("Schedule", name)
            : TypedResults.Ok(events.Select(e => new ScheduleHistoryEvent(e.Version, e.Type,
                JsonSerializer.SerializeToNode(e.Data, e.Data.GetType(), DomainJson.Options), e.Timestamp, e.Metadata.Actor)).ToArray());
    }

    [WolverinePut(Route, OperationId = "PutSchedule"), RequiresRole(Role.Operator)]
    [EndpointSummary("Define a new schedule; 409 when the name exists"), EndpointDescription("201 with the schedule and its version as ETag; every problem of the body at once.")]
    [Consumes(typeof(ScheduleDefinition), "application/json")]
    public static async Task<Results<Created<ScheduleResponse>, ValidationProblem, ConflictProblem>> Put(
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

    [WolverinePatch(Route + "/{name}", OperationId = "PatchSchedule"), RequiresRole(Role.Operator)]
    [EndpointSummary("Change a schedule with a JSON merge patch"), EndpointDescription("If-Match names the version the change is for; 409 when it is stale.")]
    [Consumes(typeof(ScheduleDefinition), "application/merge-patch+json", "application/json")]
    public static async Task<Results<Ok<ScheduleResponse>, ValidationProblem, NotFoundProblem, ConflictProblem>> Patch(
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

    [WolverineDelete(Route + "/{name}", OperationId = "DeleteSchedule"), RequiresRole(Role.Operator)]
    [EndpointSummary("Delete a schedule (its history stays readable)"), EndpointDescription("If-Match names the version the deletion is for; 409 when it is stale.")]
    public static async Task<Results<NoContent, ValidationProblem, NotFoundProblem, ConflictProblem>> Delete(
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

    [WolverinePost(Route + "/{name}/pause", OperationId = "PauseSchedule"), RequiresRole(Role.Operator)]
    [EndpointSummary("Stop firing until resumed"), EndpointDescription("The schedule after it, with its version as ETag.")]
    public static Task<Results<Ok<ScheduleResponse>, ValidationProblem, NotFoundProblem, ConflictProblem>> Pause(
        string name, ScheduleService schedules, HttpContext context, CancellationToken cancellationToken) =>
        ChangeAsync(context, () => schedules.PauseAsync(name, context.EventMetadata(), cancellationToken), schedules, cancellationToken);

    [WolverinePost(Route + "/{name}/resume", OperationId = "ResumeSchedule"), RequiresRole(Role.Operator)]
    [EndpointSummary("Fire again from now on (ticks while paused are not caught up)"), EndpointDescription("The schedule after it, with its version as ETag.")]
    public static Task<Results<Ok<ScheduleResponse>, ValidationProblem, NotFoundProblem, ConflictProblem>> Resume(
        string name, ScheduleService schedules, HttpContext context, CancellationToken cancellationToken) =>
        ChangeAsync(context, () => schedules.ResumeAsync(name, context.EventMetadata(), cancellationToken), schedules, cancellationToken);

    [WolverinePost(Route + "/{name}/trigger", OperationId = "TriggerSchedule"), RequiresRole(Role.Operator)]
    [EndpointSummary("Fire once now, by the overlap policy"), EndpointDescription("The schedule after it, with its version as ETag.")]
    public static Task<Results<Ok<ScheduleResponse>, ValidationProblem, NotFoundProblem, ConflictProblem>> Trigger(
        string name, ScheduleService schedules, HttpContext context, CancellationToken cancellationToken) =>
        ChangeAsync(context, () => schedules.TriggerAsync(name, context.EventMetadata(), cancellationToken), schedules, cancellationToken);

    [WolverinePost(Route + "/{name}/backfill", OperationId = "BackfillSchedule"), RequiresRole(Role.Operator)]
    [EndpointSummary("Fire each of the cron's ticks in [from, to] once, oldest first"), EndpointDescription("What each tick did, oldest first.")]
    public static async Task<Results<Ok<BackfillResponse>, ValidationProblem, NotFoundProblem, ConflictProblem>> Backfill(
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
