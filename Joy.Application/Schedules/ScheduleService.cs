using System.Text.Json.Nodes;
using Joy.Application.EventStore;
using Joy.Application.Instances;
using Joy.Domain.Schedules;

namespace Joy.Application.Schedules;

/// <summary>
/// The schedule use cases: define, change, pause, resume, delete (here), and firing a tick (in
/// <c>ScheduleService.Firing.cs</c>). Each loads the schedule's folded state from its inline read model,
/// decides with the pure <see cref="ScheduleDecider"/> and appends at that version, so a concurrent change,
/// fire or another process's fire of the same tick is a <see cref="WrongExpectedVersionException"/>, never
/// a double. Throws the domain's definition refusals and <see cref="ScheduleInvalidException"/>.
/// </summary>
public sealed partial class ScheduleService(
    IEventStore store,
    ScheduleQueries queries,
    ScheduleValidation validation,
    InstanceService instances,
    InstanceQueries instanceQueries,
    TimeProvider time)
{
    // Without a client's If-Match, a change that loses the race to a fire or another change is decided again.
    private const int MaxAttempts = 5;

    public static string StreamId(string name) => ScheduleProjection.StreamPrefix + name;

    public async Task<ScheduleRecord> DefineAsync(ScheduleDefinition schedule, EventMetadata? metadata, CancellationToken cancellationToken = default)
    {
        await validation.ThrowIfInvalidAsync(schedule, cancellationToken);
        return await DecideAsync(schedule.Name!, new DefineSchedule(schedule), null, metadata, cancellationToken);
    }

    /// <summary>A JSON merge patch over the current schedule, checked whole like a PUT.</summary>
    public async Task<ScheduleRecord> ChangeAsync(string name, JsonObject patch, int? expectedVersion, EventMetadata? metadata,
        CancellationToken cancellationToken = default)
    {
        var state = await StateAsync(name, expectedVersion, cancellationToken);
        var merged = ScheduleDecider.Merge(state, name, patch);
        await validation.ThrowIfInvalidAsync(merged, cancellationToken);
        return await DecideAsync(name, new ChangeSchedule(merged), expectedVersion ?? state.Version, metadata, cancellationToken);
    }

    public Task<ScheduleRecord> PauseAsync(string name, EventMetadata? metadata, CancellationToken cancellationToken = default) =>
        DecideAsync(name, new PauseSchedule(name), null, metadata, cancellationToken);

    public Task<ScheduleRecord> ResumeAsync(string name, EventMetadata? metadata, CancellationToken cancellationToken = default) =>
        DecideAsync(name, new ResumeSchedule(name), null, metadata, cancellationToken);

    /// <summary>Deletes the schedule; its stream, and so its history, stays readable.</summary>
    public Task<ScheduleRecord> DeleteAsync(string name, int? expectedVersion, EventMetadata? metadata, CancellationToken cancellationToken = default) =>
        DecideAsync(name, new DeleteSchedule(name), expectedVersion, metadata, cancellationToken);

    /// <summary>The current schedule; null when there is none (never defined, or deleted).</summary>
    public async Task<ScheduleRecord?> GetAsync(string name, CancellationToken cancellationToken = default) =>
        await queries.FindAsync(name, cancellationToken) is { State.Exists: true } found ? found : null;

    public Task<IReadOnlyList<ScheduleRecord>> ListAsync(CancellationToken cancellationToken = default) => queries.ListAsync(cancellationToken);

    public Task<IReadOnlyList<ScheduleFire>> RecentFiresAsync(string name, int limit, CancellationToken cancellationToken = default) =>
        queries.RecentFiresAsync(name, limit, cancellationToken);

    /// <summary>Every event of the schedule's stream, also after it was deleted: what was defined, changed and fired, and why not.</summary>
    public Task<IReadOnlyList<StoredEvent>> HistoryAsync(string name, CancellationToken cancellationToken = default) =>
        store.ReadStreamAsync(StreamId(name), includeArchived: true, cancellationToken: cancellationToken);

    private async Task<ScheduleRecord> DecideAsync(string name, ScheduleCommand command, int? expectedVersion, EventMetadata? metadata,
        CancellationToken cancellationToken)
    {
        for (var attempt = 1; ; attempt++)
        {
            var state = await StateAsync(name, expectedVersion, cancellationToken);
            var events = ScheduleDecider.Decide(command, state, time.GetUtcNow());
            try
            {
                if (events.Count > 0)
                {
                    await store.AppendAsync(StreamId(name), ExpectedVersion.Exact(state.Version), events.ToList<object>(), metadata, cancellationToken);
                }

                return (await queries.FindAsync(name, cancellationToken))!;
            }
            catch (WrongExpectedVersionException) when (expectedVersion is null && attempt < MaxAttempts)
            {
                // the firing agent recorded a tick meanwhile (or another request won): decide again on what is there now
            }
        }
    }

    /// <summary>The folded state; a client's If-Match other than its version is a conflict.</summary>
    private async Task<ScheduleState> StateAsync(string name, int? expectedVersion, CancellationToken cancellationToken)
    {
        var state = (await queries.FindAsync(name, cancellationToken))?.State ?? ScheduleState.Initial;
        return expectedVersion is { } expected && expected != state.Version
            ? throw new WrongExpectedVersionException(StreamId(name), ExpectedVersion.Exact(expected), state.Version)
            : state;
    }
}
