using System.Globalization;
using Joy.Application.EventStore;
using Joy.Application.Instances;
using Joy.Domain.Schedules;

namespace Joy.Application.Schedules;

public sealed partial class ScheduleService
{
    /// <summary>The most ticks one call fires (a backfill, or cron ticks after a long stop); the rest wait for the next call.</summary>
    public const int MaxTicksPerCall = 1000;

    /// <summary>
    /// The instance key of a tick: the same tick starts the same instance however often, wherever and after
    /// whatever crash it is fired.
    /// </summary>
    public static string IdempotencyKey(string name, DateTimeOffset tick) =>
        $"schedule:{name}:{tick.UtcDateTime.ToString(tick.Millisecond == 0 ? "yyyy-MM-dd'T'HH:mm:ss'Z'" : "yyyy-MM-dd'T'HH:mm:ss.fff'Z'", CultureInfo.InvariantCulture)}";

    public static StartInstanceRequest StartRequest(ScheduleDefinition schedule, string? idempotencyKey) => new(
        schedule.StateMachine,
        schedule.Input?.DeepClone(),
        schedule.InitialBlobs?.Select(blob => new InitialBlob(blob.Id, blob.Name, blob.Tag)).ToList(),
        schedule.Parameters?.DeepClone().AsObject(),
        schedule.Priority,
        idempotencyKey);

    /// <summary>POST .../trigger: one tick now, by the overlap policy.</summary>
    public async Task<ScheduleRecord> TriggerAsync(string name, EventMetadata? metadata, CancellationToken cancellationToken = default)
    {
        var now = time.GetUtcNow();
        var tick = new DateTimeOffset(now.Ticks - now.Ticks % TimeSpan.TicksPerMillisecond, TimeSpan.Zero);
        await RetryOnConflictAsync(name, state => FireAsync(name, state, tick, TickKind.Trigger, metadata, cancellationToken), cancellationToken);
        return (await queries.FindAsync(name, cancellationToken))!;
    }

    /// <summary>
    /// POST .../backfill: every cron tick in [<paramref name="from"/>, <paramref name="to"/>] fired once, oldest first, by
    /// <paramref name="overlap"/> (the schedule's own policy when null). A tick that already started its instance is not
    /// started again. Both ends in the past; at most <see cref="MaxTicksPerCall"/> ticks.
    /// </summary>
    public async Task<IReadOnlyList<ScheduleFire>> BackfillAsync(string name, DateTimeOffset from, DateTimeOffset to, string? overlap,
        EventMetadata? metadata, CancellationToken cancellationToken = default)
    {
        var record = await GetAsync(name, cancellationToken) ?? throw new Domain.Definitions.DefinitionNotFoundException("Schedule", name);
        var ticks = CronTicks.Of(record.Schedule.Cron!, record.Schedule.TimeZone!).Between(from.AddTicks(-1), to, MaxTicksPerCall + 1);
        var problems = BackfillProblems(from, to, overlap, ticks.Count);
        if (problems.Count > 0)
        {
            throw new ScheduleInvalidException(problems);
        }

        foreach (var tick in ticks)
        {
            // A retry after a lost race finds the instance this very call started: that is this tick's fire, not an earlier one.
            var retry = false;
            await RetryOnConflictAsync(name, async state =>
            {
                var policy = overlap is null ? state : state with { Current = state.Current! with { Overlap = overlap } };
                var fired = await FireAsync(name, policy, tick, TickKind.Backfill, metadata, cancellationToken, existingWasStartedHere: retry);
                retry = true;
                return fired;
            }, cancellationToken);
        }

        return await queries.BackfillFiresAsync(name, [.. ticks], cancellationToken);
    }

    private Dictionary<string, string[]> BackfillProblems(DateTimeOffset from, DateTimeOffset to, string? overlap, int ticks)
    {
        var problems = new Dictionary<string, string[]>();
        if (to < from)
        {
            problems["to"] = ["'to' must not be before 'from'."];
        }

        if (to > time.GetUtcNow())
        {
            problems["to"] = [.. problems.GetValueOrDefault("to", []), "A backfill fires past ticks: 'to' must not be in the future."];
        }

        if (ticks > MaxTicksPerCall)
        {
            problems["from"] = [$"The range holds more than {MaxTicksPerCall} ticks; backfill it in parts."];
        }

        if (overlap is not null && !OverlapPolicy.All.Contains(overlap))
        {
            problems["overlap"] = [$"'{overlap}' is not an overlap policy: one of {string.Join(", ", OverlapPolicy.All)}."];
        }

        return problems;
    }

    /// <summary>
    /// A fire from a request (trigger, backfill), which races the firing agent for the schedule's next version: on a lost
    /// race it reads the schedule again and fires again (the tick's key finds the instance it may have started).
    /// </summary>
    private async Task RetryOnConflictAsync(string name, Func<ScheduleState, Task<ScheduleState>> fire, CancellationToken cancellationToken)
    {
        for (var attempt = 1; ; attempt++)
        {
            var state = (await GetAsync(name, cancellationToken))?.State ?? throw new Domain.Definitions.DefinitionNotFoundException("Schedule", name);
            try
            {
                await fire(state);
                return;
            }
            catch (WrongExpectedVersionException) when (attempt < 5)
            {
            }
        }
    }

    /// <summary>
    /// Fires one tick and records what became of it, at the state's version; returns the state after. The tick's
    /// instance is started first (its key makes that idempotent), so a crash before the record is mended by the
    /// next fire of the same tick, which finds the instance and records it.
    /// </summary>
    public async Task<ScheduleState> FireAsync(string name, ScheduleState state, DateTimeOffset tick, string kind, EventMetadata? metadata,
        CancellationToken cancellationToken, bool existingWasStartedHere = false)
    {
        var now = time.GetUtcNow();
        var key = IdempotencyKey(name, tick);
        ScheduleEvent recorded;
        if (await instanceQueries.FindByIdempotencyKeyAsync(key, cancellationToken) is { } existing)
        {
            // A backfill of a tick that fired before starts nothing; otherwise this is the tick's own instance, started by a
            // fire that crashed or lost the race before recording it (trigger ticks are unique to their request).
            recorded = kind == TickKind.Backfill && !existingWasStartedHere
                ? new ScheduleTickSkipped(tick, kind, $"the tick already started instance {existing}", now)
                : new ScheduleTickFired(tick, kind, existing, null, now);
        }
        else
        {
            var running = state.LastInstanceId is { } last && await queries.IsRunningAsync(last, cancellationToken);
            recorded = ScheduleDecider.Overlap(state, running) switch
            {
                TickDecision.Skip skip => new ScheduleTickSkipped(tick, kind, skip.Reason, now),
                TickDecision.Buffer buffer => new ScheduleTickBuffered(tick, kind, buffer.Reason, now),
                TickDecision.CancelThenStart cancel => await StartAsync(name, state, tick, kind, key, cancel.Previous, metadata, cancellationToken),
                _ => await StartAsync(name, state, tick, kind, key, null, metadata, cancellationToken),
            };
        }

        await store.AppendAsync(StreamId(name), ExpectedVersion.Exact(state.Version), [recorded], metadata, cancellationToken);
        return ScheduleState.Evolve(state, recorded);
    }

    private async Task<ScheduleEvent> StartAsync(string name, ScheduleState state, DateTimeOffset tick, string kind, string key, string? previous,
        EventMetadata? metadata, CancellationToken cancellationToken)
    {
        if (previous is not null)
        {
            await instances.CancelAsync(previous, metadata, cancellationToken); // a conflict: it ended meanwhile, which is as good
        }

        var outcome = await instances.StartAsync(StartRequest(state.Current!, key), metadata ?? Metadata(name), cancellationToken);
        var now = time.GetUtcNow();
        return outcome switch
        {
            InstanceOutcome.Started started => new ScheduleTickFired(tick, kind, started.Id, previous, now),
            InstanceOutcome.Invalid invalid => new ScheduleTickFailed(tick, kind,
                string.Join(" ", invalid.Problems.Select(p => $"{p.Key}: {string.Join(" ", p.Value)}")), now),
            InstanceOutcome.NotFound notFound => new ScheduleTickFailed(tick, kind, notFound.Detail, now),
            InstanceOutcome.Conflict conflict => new ScheduleTickFailed(tick, kind, conflict.Detail, now),
            _ => new ScheduleTickFailed(tick, kind, $"unexpected outcome {outcome.GetType().Name}", now),
        };
    }

    /// <summary>Who starts a fired instance, in its events' metadata.</summary>
    public static EventMetadata Metadata(string name) => new(CorrelationId: $"schedule:{name}", Actor: $"schedule:{name}");
}
