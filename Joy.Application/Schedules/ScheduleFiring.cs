using JasperFx;
using Joy.Application.EventStore;
using Joy.Application.Instances;
using Joy.Application.Messaging;
using Joy.Domain.Definitions;
using Joy.Domain.Schedules;
using Marten;
using Wolverine.Persistence.EventSourcing;
using Wolverine.Runtime.Handlers;

namespace Joy.Application.Schedules;

/// <summary>
/// Fire one tick of a schedule and record what became of it. <paramref name="Kind"/>: a <see cref="TickKind"/>;
/// <paramref name="Overlap"/>: the overlap policy of this fire (a backfill's), null for the schedule's own;
/// <paramref name="FiredBefore"/>: the tick's instance existed before this fire was asked for (a backfill then skips it).
/// </summary>
public sealed record FireScheduleTick(string Name, DateTimeOffset Tick, string Kind, string? Overlap, EventMetadata Metadata, bool FiredBefore = false)
    : IScheduleMessage
{
    /// <summary>The stream Wolverine fetches for writing.</summary>
    [Identity]
    public string StreamId => ScheduleService.StreamId(Name);

    /// <summary>A tick the firing agent found due, rather than one a request asked for.</summary>
    public bool IsDue => Kind is TickKind.Cron or TickKind.CatchUp or TickKind.Buffered;
}

/// <summary>Record the <paramref name="Count"/> cron ticks from <paramref name="First"/> to <paramref name="Last"/> that no process fired in time, in one event.</summary>
public sealed record RecordMissedTicks(string Name, DateTimeOffset First, DateTimeOffset Last, int Count, string Reason, EventMetadata Metadata)
    : IScheduleMessage
{
    [Identity]
    public string StreamId => ScheduleService.StreamId(Name);
}

/// <summary>
/// The handlers of <see cref="FireScheduleTick"/> and <see cref="RecordMissedTicks"/> in Wolverine's aggregate handler
/// workflow; each answers with the schedule's state after it. A fire starts the tick's instance before it records the
/// fire, and the instance's key is the tick's (<see cref="ScheduleService.IdempotencyKey"/>): when the record loses
/// the race for the schedule's next version (a change, a pause, another fire), the error policy runs the handler
/// again on what is there now, which finds the instance by its key and records it, so no instance is left that no
/// fire accounts for, and none is started twice. A due tick that meanwhile was dealt with, or whose schedule was
/// paused or deleted before its instance started, is left alone.
/// </summary>
public static class ScheduleFiring
{
    /// <summary>
    /// Attempts in all before a conflict reaches the caller (the firing agent then reads the schedule again). As many as
    /// an instance's: a fire starts an instance before it records, so a burst of triggers and a backfill on one schedule
    /// keep each other losing longer than a plain decision would (5 let a trigger reach 409).
    /// </summary>
    public const int MaxAttempts = 20;

    public static async Task<(ScheduleState, EventsToAppend)> HandleAsync(
        FireScheduleTick fire, [WriteModel] FoldedSchedule? schedule, IDocumentSession session,
        ScheduleQueries queries, InstanceQueries instanceQueries, InstanceService instances, TimeProvider time,
        CancellationToken cancellationToken)
    {
        var state = schedule?.State ?? ScheduleState.Initial;
        if (!StillToFire(fire, state))
        {
            return (state, []);
        }

        var now = time.GetUtcNow();
        var key = ScheduleService.IdempotencyKey(fire.Name, fire.Tick);
        ScheduleEvent recorded;
        if (await instanceQueries.FindByIdempotencyKeyAsync(key, cancellationToken) is { } existing)
        {
            // A backfill of a tick that fired before starts nothing; otherwise this is the tick's own instance, started by
            // an attempt that lost the race or a fire that crashed before recording it (trigger ticks are unique to their request).
            recorded = fire.Kind == TickKind.Backfill && fire.FiredBefore
                ? new ScheduleTickSkipped(fire.Tick, fire.Kind, $"the tick already started instance {existing}", now)
                : new ScheduleTickFired(fire.Tick, fire.Kind, existing, null, now);
        }
        else if (fire.IsDue && state.Current!.Paused)
        {
            return (state, []); // paused before the tick's instance started: ticks while paused never fire
        }
        else
        {
            var policy = fire.Overlap is null ? state : state with { Current = state.Current! with { Overlap = fire.Overlap } };
            var running = state.LastInstanceId is { } last && await queries.IsRunningAsync(last, cancellationToken);
            recorded = ScheduleDecider.Overlap(policy, running) switch
            {
                TickDecision.Skip skip => new ScheduleTickSkipped(fire.Tick, fire.Kind, skip.Reason, now),
                TickDecision.Buffer buffer => new ScheduleTickBuffered(fire.Tick, fire.Kind, buffer.Reason, now),
                TickDecision.CancelThenStart cancel => await StartAsync(fire, state, key, cancel.Previous, instances, time, cancellationToken),
                _ => await StartAsync(fire, state, key, null, instances, time, cancellationToken),
            };
        }

        fire.Metadata.Describe(session);
        return (ScheduleState.Evolve(state, recorded), [recorded]);
    }

    public static (ScheduleState, EventsToAppend) Handle(
        RecordMissedTicks missed, [WriteModel] FoldedSchedule? schedule, IDocumentSession session, TimeProvider time)
    {
        var state = schedule?.State ?? ScheduleState.Initial;
        if (state is not { Current.Paused: false, Cursor: { } cursor } || cursor >= missed.First)
        {
            return (state, []); // paused, deleted or recorded meanwhile
        }

        var recorded = new ScheduleTicksMissed(missed.First, missed.Last, missed.Count, missed.Reason, time.GetUtcNow());
        missed.Metadata.Describe(session);
        return (ScheduleState.Evolve(state, recorded), [recorded]);
    }

    /// <summary>Wolverine's per-chain configuration: a conflict is tried again (<see cref="ConflictRetries"/>).</summary>
    public static void Configure(HandlerChain chain) => chain.RetryConflicts(MaxAttempts);

    /// <summary>
    /// Whether the tick is still to be fired on <paramref name="state"/>: a request's tick while the schedule exists (else it
    /// is not found); a due tick while its schedule exists and the tick was not dealt with meanwhile.
    /// </summary>
    private static bool StillToFire(FireScheduleTick fire, ScheduleState state) => fire.Kind switch
    {
        _ when !state.Exists => fire.IsDue ? false : throw new DefinitionNotFoundException("Schedule", fire.Name),
        TickKind.Buffered => state.BufferedTick == fire.Tick,
        TickKind.Cron or TickKind.CatchUp => state.Cursor is not { } cursor || cursor < fire.Tick,
        _ => true,
    };

    private static async Task<ScheduleEvent> StartAsync(FireScheduleTick fire, ScheduleState state, string key, string? previous,
        InstanceService instances, TimeProvider time, CancellationToken cancellationToken)
    {
        if (previous is not null)
        {
            await instances.CancelAsync(previous, fire.Metadata, cancellationToken); // a conflict: it ended meanwhile, which is as good
        }

        var outcome = await instances.StartAsync(ScheduleService.StartRequest(state.Current!, key), fire.Metadata, cancellationToken);
        var now = time.GetUtcNow();
        return outcome switch
        {
            InstanceOutcome.Started started => new ScheduleTickFired(fire.Tick, fire.Kind, started.Id, previous, now),
            InstanceOutcome.Invalid invalid => new ScheduleTickFailed(fire.Tick, fire.Kind,
                string.Join(" ", invalid.Problems.Select(p => $"{p.Key}: {string.Join(" ", p.Value)}")), now),
            InstanceOutcome.NotFound notFound => new ScheduleTickFailed(fire.Tick, fire.Kind, notFound.Detail, now),
            InstanceOutcome.Conflict conflict => new ScheduleTickFailed(fire.Tick, fire.Kind, conflict.Detail, now),
            _ => new ScheduleTickFailed(fire.Tick, fire.Kind, $"unexpected outcome {outcome.GetType().Name}", now),
        };
    }
}
