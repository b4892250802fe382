namespace Joy.Domain.Schedules;

// Stream schedule-{name}. Definition events keep the whole schedule, like the other definitions; tick
// events say what became of each tick, so the stream is the schedule's audit of what it fired and why not.

public abstract record ScheduleEvent;

[EventType("schedule.defined.v1")]
public sealed record ScheduleDefined(ScheduleDefinition Schedule, DateTimeOffset At) : ScheduleEvent;

[EventType("schedule.changed.v1")]
public sealed record ScheduleChanged(ScheduleDefinition Schedule, DateTimeOffset At) : ScheduleEvent;

[EventType("schedule.paused.v1")]
public sealed record SchedulePaused(string Name, DateTimeOffset At) : ScheduleEvent;

/// <summary>Ticks from <see cref="At"/> on fire again; those while it was paused are not caught up.</summary>
[EventType("schedule.resumed.v1")]
public sealed record ScheduleResumed(string Name, DateTimeOffset At) : ScheduleEvent;

[EventType("schedule.deleted.v1")]
public sealed record ScheduleDeleted(string Name, DateTimeOffset At) : ScheduleEvent;

/// <summary>A tick started <see cref="InstanceId"/> (after cancelling <see cref="CancelledInstanceId"/> under CancelPrevious).</summary>
[EventType("schedule.tick-fired.v1")]
public sealed record ScheduleTickFired(DateTimeOffset Tick, string Kind, string InstanceId, string? CancelledInstanceId, DateTimeOffset At)
    : ScheduleEvent;

/// <summary>A tick that started nothing, and why (the overlap policy, a paused schedule).</summary>
[EventType("schedule.tick-skipped.v1")]
public sealed record ScheduleTickSkipped(DateTimeOffset Tick, string Kind, string Reason, DateTimeOffset At) : ScheduleEvent;

/// <summary>BufferOne: the tick waits for the running instance to end.</summary>
[EventType("schedule.tick-buffered.v1")]
public sealed record ScheduleTickBuffered(DateTimeOffset Tick, string Kind, string Reason, DateTimeOffset At) : ScheduleEvent;

/// <summary>A tick whose instance could not start (the state machine or a blob is gone): the problem, as the start gave it.</summary>
[EventType("schedule.tick-failed.v1")]
public sealed record ScheduleTickFailed(DateTimeOffset Tick, string Kind, string Reason, DateTimeOffset At) : ScheduleEvent;

/// <summary>Ticks missed while no process ran, older than the catch-up window: one event for the whole run of them.</summary>
[EventType("schedule.ticks-missed.v1")]
public sealed record ScheduleTicksMissed(DateTimeOffset FirstTick, DateTimeOffset LastTick, int Count, string Reason, DateTimeOffset At)
    : ScheduleEvent;

/// <summary>Where a tick came from.</summary>
public static class TickKind
{
    /// <summary>The cron, on time.</summary>
    public const string Cron = "Cron";

    /// <summary>The cron, missed while no process ran and fired late, within the catch-up window.</summary>
    public const string CatchUp = "CatchUp";

    /// <summary>POST .../trigger: one fire now.</summary>
    public const string Trigger = "Trigger";

    /// <summary>POST .../backfill: a past tick of the cron, fired on request.</summary>
    public const string Backfill = "Backfill";

    /// <summary>A BufferOne tick, fired when the instance it waited for ended.</summary>
    public const string Buffered = "Buffered";
}
