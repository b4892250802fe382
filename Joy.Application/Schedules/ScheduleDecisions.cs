using JasperFx;
using JasperFx.Events;
using Joy.Application.EventStore;
using Joy.Application.Messaging;
using Joy.Domain.Schedules;
using Marten;
using Marten.Events.Aggregation;
using Wolverine.Persistence.EventSourcing;
using Wolverine.Runtime.Handlers;

namespace Joy.Application.Schedules;

/// <summary>
/// One definition command for a schedule (define, change, pause, resume, delete); <paramref name="ExpectedVersion"/>:
/// the version the change is for (a client's If-Match, or the version a patch was merged on), null when any will do.
/// </summary>
public sealed record DecideSchedule(string Name, ScheduleCommand Command, int? ExpectedVersion, EventMetadata? Metadata) : IScheduleMessage
{
    /// <summary>The stream Wolverine fetches for writing.</summary>
    [Identity]
    public string StreamId => ScheduleService.StreamId(Name);
}

/// <summary>A message on one schedule's stream, which its handler fetches for writing; the handler answers with the state after it.</summary>
public interface IScheduleMessage
{
    string StreamId { get; }
}

/// <summary>
/// A schedule stream folded: the domain's <see cref="ScheduleState"/> under the stream's id, which is the document's
/// identity. Stored by Marten as a document (camelCase System.Text.Json, like every document); a deleted schedule keeps
/// its document (no <see cref="ScheduleState.Current"/>, its version), so defining it again continues the stream.
/// </summary>
public sealed record FoldedSchedule(string Id, ScheduleState State);

/// <summary>
/// How Marten folds a schedule stream: the pure <see cref="ScheduleState.Evolve"/>, from <see cref="ScheduleState.Initial"/>.
/// Registered inline: the <see cref="FoldedSchedule"/> document is updated in the transaction of each append to the
/// stream, so it is always at the stream's version, and <c>FetchForWriting</c> gives <see cref="ScheduleDecisions"/> and
/// <see cref="ScheduleFiring"/> that document instead of replaying the stream, which grows by one event per fire.
/// Its table is created with the rest of the schema at start.
/// </summary>
public sealed class ScheduleAggregate : SingleStreamProjection<FoldedSchedule, string>
{
    public override FoldedSchedule Evolve(FoldedSchedule? snapshot, string id, IEvent e)
    {
        var state = snapshot?.State ?? ScheduleState.Initial;
        return new FoldedSchedule(id, e.Data is ScheduleEvent data ? ScheduleState.Evolve(state, data) : state);
    }
}

/// <summary>
/// The handler of <see cref="DecideSchedule"/> in Wolverine's aggregate handler workflow: Marten fetches the schedule
/// for writing, the pure <see cref="ScheduleDecider"/> decides and Wolverine appends at the fetched version. A lost
/// race (the firing agent recorded a tick, another request won) is run again by the error policy on what is there
/// now, unless the command names the version it is for: then it is refused at once.
/// </summary>
public static class ScheduleDecisions
{
    /// <summary>Attempts in all before a conflict reaches the caller (the fires it races retry as many times).</summary>
    public const int MaxAttempts = 20;

    public static (ScheduleState, EventsToAppend) Handle(
        DecideSchedule decision, [WriteModel] FoldedSchedule? schedule, IDocumentSession session, TimeProvider time)
    {
        var state = schedule?.State ?? ScheduleState.Initial;
        if (decision.ExpectedVersion is { } expected && expected != state.Version)
        {
            throw new WrongExpectedVersionException(decision.StreamId, ExpectedVersion.Exact(expected), state.Version);
        }

        var events = ScheduleDecider.Decide(decision.Command, state, time.GetUtcNow());
        if (events.Count > 0)
        {
            (decision.Metadata ?? EventMetadata.Empty).Describe(session);
        }

        return (events.Aggregate(state, ScheduleState.Evolve), new EventsToAppend(events));
    }

    /// <summary>Wolverine's per-chain configuration: a conflict is tried again (<see cref="ConflictRetries"/>).</summary>
    public static void Configure(HandlerChain chain) => chain.RetryConflicts(MaxAttempts);
}
