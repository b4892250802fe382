namespace Joy.Domain.Schedules;

/// <summary>
/// A schedule folded from its stream. <see cref="Cursor"/> is the last cron tick dealt with (fired, skipped,
/// buffered, failed or missed), or the moment from which ticks count (defined, resumed): the next cron tick
/// after it is the next to fire, and a tick at or before it is never fired again.
/// </summary>
public sealed record ScheduleState(
    ScheduleDefinition? Current,
    int Version,
    DateTimeOffset? Cursor,
    string? LastInstanceId,
    DateTimeOffset? BufferedTick)
{
    public static readonly ScheduleState Initial = new(null, 0, null, null, null);

    public bool Exists => Current is not null;

    public static ScheduleState Evolve(ScheduleState state, ScheduleEvent @event)
    {
        var next = state with { Version = state.Version + 1 };
        return @event switch
        {
            ScheduleDefined e => next with { Current = e.Schedule, Cursor = e.At, LastInstanceId = null, BufferedTick = null },
            ScheduleChanged e => next with
            {
                Current = e.Schedule,
                Cursor = state.Current is { Paused: true } && !e.Schedule.Paused ? e.At : state.Cursor,
            },
            SchedulePaused => next with { Current = state.Current! with { Paused = true } },
            ScheduleResumed e => next with { Current = state.Current! with { Paused = false }, Cursor = e.At },
            ScheduleDeleted => next with { Current = null, BufferedTick = null },
            ScheduleTickFired e => Advance(next, e.Tick, e.Kind) with
            {
                LastInstanceId = e.InstanceId,
                BufferedTick = e.Kind == TickKind.Buffered ? null : state.BufferedTick,
            },
            ScheduleTickSkipped e => Advance(next, e.Tick, e.Kind),
            ScheduleTickBuffered e => Advance(next, e.Tick, e.Kind) with { BufferedTick = e.Tick },
            ScheduleTickFailed e => Advance(next, e.Tick, e.Kind) with
            {
                BufferedTick = e.Kind == TickKind.Buffered ? null : state.BufferedTick,
            },
            ScheduleTicksMissed e => Advance(next, e.LastTick, TickKind.Cron),
            _ => next,
        };
    }

    /// <summary>Only the cron's own ticks move the cursor: a trigger or a backfill is beside the cron.</summary>
    private static ScheduleState Advance(ScheduleState state, DateTimeOffset tick, string kind) =>
        kind is TickKind.Cron or TickKind.CatchUp && (state.Cursor is null || tick > state.Cursor) ? state with { Cursor = tick } : state;
}
