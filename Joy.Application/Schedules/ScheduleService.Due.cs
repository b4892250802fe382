using Joy.Domain.Schedules;

namespace Joy.Application.Schedules;

public sealed partial class ScheduleService
{
    /// <summary>
    /// What the firing agent does for one due schedule: a buffered tick whose instance has ended fires; then every cron tick
    /// after the cursor up to <paramref name="now"/>, oldest first. A tick from before <paramref name="firingSince"/> (when this
    /// process took over firing) was missed while no process fired: within the catch-up window it fires late, once; older
    /// ones are recorded as missed, all in one event. Throws <see cref="EventStore.WrongExpectedVersionException"/> when
    /// someone else recorded first (the caller reads the schedule again).
    /// </summary>
    public async Task FireDueAsync(ScheduleRecord record, DateTimeOffset now, DateTimeOffset firingSince, CancellationToken cancellationToken)
    {
        var name = record.Name;
        var state = record.State;
        var metadata = Metadata(name);
        if (state.BufferedTick is { } buffered && !(state.LastInstanceId is { } last && await queries.IsRunningAsync(last, cancellationToken)))
        {
            state = await FireAsync(name, state, buffered, TickKind.Buffered, metadata, cancellationToken);
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
            var recorded = new ScheduleTicksMissed(missed[0], missed[^1], missed.Count, reason, time.GetUtcNow());
            await store.AppendAsync(StreamId(name), EventStore.ExpectedVersion.Exact(state.Version), [recorded], metadata, cancellationToken);
            state = ScheduleState.Evolve(state, recorded);
        }

        foreach (var tick in cron.Between(state.Cursor!.Value, now, MaxTicksPerCall))
        {
            var kind = tick < firingSince ? TickKind.CatchUp : TickKind.Cron;
            try
            {
                state = await FireAsync(name, state, tick, kind, metadata, cancellationToken);
            }
            catch (EventStore.WrongExpectedVersionException)
            {
                await RecordStartedTickAsync(name, tick, kind, metadata, cancellationToken);
                throw;
            }
        }
    }

    /// <summary>
    /// A fire starts the tick's instance before it records the fire, so a change that lands in between (a pause, an edit)
    /// wins the record: the tick is recorded here, at the schedule's new version, when its instance did start. Otherwise a
    /// pause would leave an instance that no fire accounts for (ticks while paused are never fired again). Another race
    /// lost here is left to the next round, whose fire of the tick finds the instance by its key.
    /// </summary>
    private async Task RecordStartedTickAsync(string name, DateTimeOffset tick, string kind, EventStore.EventMetadata metadata,
        CancellationToken cancellationToken)
    {
        if (await instanceQueries.FindByIdempotencyKeyAsync(IdempotencyKey(name, tick), cancellationToken) is not { } started
            || await queries.FindAsync(name, cancellationToken) is not { State: { Exists: true, Cursor: { } cursor } state }
            || cursor >= tick)
        {
            return;
        }

        try
        {
            var recorded = new ScheduleTickFired(tick, kind, started, null, time.GetUtcNow());
            await store.AppendAsync(StreamId(name), EventStore.ExpectedVersion.Exact(state.Version), [recorded], metadata, cancellationToken);
        }
        catch (EventStore.WrongExpectedVersionException)
        {
        }
    }
}
