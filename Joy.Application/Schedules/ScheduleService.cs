using System.Text.Json.Nodes;
using Joy.Application.EventStore;
using Joy.Application.Instances;
using Joy.Application.Messaging;
using Joy.Domain.Schedules;
using Wolverine.Runtime;

namespace Joy.Application.Schedules;

/// <summary>
/// The schedule use cases: define, change, pause, resume, delete (here), and firing ticks (in <c>ScheduleService.Firing.cs</c>
/// and <c>ScheduleService.Due.cs</c>). Each invokes a message inline whose handler decides on the schedule's stream
/// fetched for writing and appends at that version (<see cref="ScheduleDecisions"/>, <see cref="ScheduleFiring"/>), so
/// a concurrent change, fire or another process's fire of the same tick is decided again by the handler's error
/// policy, never a double. Throws the domain's definition refusals, <see cref="ScheduleInvalidException"/> and
/// <see cref="WrongExpectedVersionException"/> (a stale If-Match, or a race lost on every attempt).
/// </summary>
public sealed partial class ScheduleService(
    IEventStore store,
    ScheduleQueries queries,
    ScheduleValidation validation,
    InstanceQueries instanceQueries,
    Lazy<IWolverineRuntime> wolverine,
    TimeProvider time)
{
    public static string StreamId(string name) => ScheduleProjection.StreamPrefix + name;

    public async Task<ScheduleRecord> DefineAsync(ScheduleDefinition schedule, EventMetadata? metadata, CancellationToken cancellationToken = default)
    {
        await validation.ThrowIfInvalidAsync(schedule, cancellationToken);
        return await DecideAsync(schedule.Name!, new DefineSchedule(schedule), null, metadata, cancellationToken);
    }

    /// <summary>
    /// A JSON merge patch over the current schedule, checked whole like a PUT. Decided for the version it was merged on:
    /// a change meanwhile is a conflict, not a patch of something else.
    /// </summary>
    public async Task<ScheduleRecord> ChangeAsync(string name, JsonObject patch, int? expectedVersion, EventMetadata? metadata,
        CancellationToken cancellationToken = default)
    {
        var state = (await queries.FindAsync(name, cancellationToken))?.State ?? ScheduleState.Initial;
        if (expectedVersion is { } expected && expected != state.Version)
        {
            throw new WrongExpectedVersionException(StreamId(name), ExpectedVersion.Exact(expected), state.Version);
        }

        var merged = ScheduleDecider.Merge(state, name, patch);
        await validation.ThrowIfInvalidAsync(merged, cancellationToken);
        return await DecideAsync(name, new ChangeSchedule(merged), state.Version, metadata, cancellationToken);
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
        await InvokeAsync(new DecideSchedule(name, command, expectedVersion, metadata), cancellationToken);
        return (await queries.FindAsync(name, cancellationToken))!;
    }

    /// <summary>
    /// Invokes one of the schedule's messages inline (<see cref="DecideSchedule"/>, <see cref="FireScheduleTick"/>,
    /// <see cref="RecordMissedTicks"/>); the state after it. A race lost on every attempt is Joy's conflict, as for any stream.
    /// </summary>
    private Task<ScheduleState> InvokeAsync(IScheduleMessage message, CancellationToken cancellationToken) =>
        wolverine.Value.InvokeDecisionAsync<ScheduleState>(message, message.StreamId, cancellationToken);
}
