using Joy.Domain.Schedules;

namespace Joy.Application.Schedules;

public sealed partial class ScheduleService
{
    /// <summary>
    /// What the firing agent does for one due schedule: a buffered tick whose instance has ended fires; then every cron tick
    /// after the cursor up to <paramref name="now"/>, oldest first. A tick from before <paramref name="firingSince"/> (when this
    /// process took over firing) was missed while no process fired: within the catch-up window it fires late, once; older
    /// ones are recorded as missed, all in one event. Each is a message of its own (<see cref="ScheduleFiring"/>), decided
    /// on the schedule as it is then: a change that lands in between is fired around, not over. Throws
    /// <see cref="EventStore.WrongExpectedVersionException"/> when every attempt lost a race (the caller reads the schedule again).
    /// </summary>
    public async Task FireDueAsync(ScheduleRecord record, DateTimeOffset now, DateTimeOffset firingSince, CancellationToken cancellationToken)
    {
        var name = record.Name;
        var state = record.State;
        var metadata = Metadata(name);
        if (state.BufferedTick is { } buffered && !(state.LastInstanceId is { } last && await queries.IsRunningAsync(last, cancellationToken)))
        {
            state = await InvokeAsync(new FireScheduleTick(name, buffered, TickKind.Buffered, null, metadata), cancellationToken);
        }

        if (state is not { Current: { Paused: false } schedule, Cursor: { } cursor })
        {
            return;
        }

        var cron = CronTicks.Of(schedule.Cron!, schedule.TimeZone!);
        var catchUpFrom = now - TimeSpan.FromSeconds(schedule.CatchupWindowSeconds);
        var missedUntil = catchUpFrom < firingSince ? catchUpFrom : firingSince;
        if (missedUntil > cursor && cron.Between(cursor, missedUntil.AddTicks(-1), int.MaxValue) is { Count: > 0 } missed)
        {
            var reason = $"missed while no process fired, more than {schedule.CatchupWindowSeconds} s before firing resumed";
            state = await InvokeAsync(new RecordMissedTicks(name, missed[0], missed[^1], missed.Count, reason, metadata), cancellationToken);
        }

        if (state is not { Current.Paused: false, Cursor: { } from })
        {
            return;
        }

        foreach (var tick in cron.Between(from, now, MaxTicksPerCall))
        {
            state = await InvokeAsync(new FireScheduleTick(name, tick, tick < firingSince ? TickKind.CatchUp : TickKind.Cron, null, metadata),
                cancellationToken);
        }
    }
}
