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
        await InvokeAsync(new FireScheduleTick(name, tick, TickKind.Trigger, null, metadata ?? Metadata(name)), cancellationToken);
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
            // Asked before the fire, so that a fire run again after a lost race knows the instance it finds is its own.
            var firedBefore = await instanceQueries.FindByIdempotencyKeyAsync(IdempotencyKey(name, tick), cancellationToken) is not null;
            await InvokeAsync(new FireScheduleTick(name, tick, TickKind.Backfill, overlap, metadata ?? Metadata(name), firedBefore), cancellationToken);
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

    /// <summary>Who starts a fired instance, in its events' metadata.</summary>
    public static EventMetadata Metadata(string name) => new(CorrelationId: $"schedule:{name}", Actor: $"schedule:{name}");
}
