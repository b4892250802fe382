using JasperFx;
using Joy.Application.EventStore;
using Joy.Application.Messaging;
using Joy.Domain.Definitions;
using Marten;
using Wolverine.Persistence.EventSourcing;
using Wolverine.Runtime.Handlers;

namespace Joy.Application.Definitions;

/// <summary>
/// One command for an actor's stream; <paramref name="ExpectedVersion"/>: the client's If-Match (null: none);
/// <paramref name="Metadata"/>: who asked.
/// </summary>
public sealed record DecideActor(string Name, ActorCommand Command, int? ExpectedVersion, EventMetadata? Metadata) : IDefinitionDecision
{
    /// <summary>The stream Wolverine fetches for writing.</summary>
    [Identity]
    public string StreamId => DefinitionKind.Actor.StreamId(Name);
}

/// <summary>The same for a state machine's stream.</summary>
public sealed record DecideStateMachine(string Name, StateMachineCommand Command, int? ExpectedVersion, EventMetadata? Metadata)
    : IDefinitionDecision
{
    [Identity]
    public string StreamId => DefinitionKind.StateMachine.StreamId(Name);
}

/// <summary>A command for one definition's stream, which its handler fetches for writing.</summary>
public interface IDefinitionDecision
{
    string StreamId { get; }
}

/// <summary>
/// The handlers of <see cref="DecideActor"/> and <see cref="DecideStateMachine"/> in Wolverine's aggregate handler
/// workflow: Marten fetches the definition for writing (folded live by <see cref="ActorAggregate"/> or
/// <see cref="StateMachineAggregate"/>; null when it never existed), the pure domain decider decides at
/// <see cref="TimeProvider"/>'s now, and Wolverine appends the events at the fetched version. In that transaction
/// <see cref="DefinitionGuard"/> may still refuse the append (its exception reaches the caller). A lost race is a
/// conflict the error policy (<see cref="Configure"/>) answers by running the handler again, which fetches and decides
/// on what the winner wrote; a client's If-Match other than the fetched version is refused at once, never run again.
/// </summary>
public static class DefinitionDecisions
{
    /// <summary>
    /// Attempts in all before a conflict reaches the caller: each round of a race has one winner, and a handful of
    /// concurrent changes to one definition is already rare (a duplicate define fails as "already exists" on its second).
    /// </summary>
    public const int MaxAttempts = 10;

    public static EventsToAppend Handle(DecideActor decision, [WriteModel] FoldedActor? actor, IDocumentSession session, TimeProvider time)
    {
        var state = actor?.State ?? ActorState.Initial;
        ThrowIfNotExpected(decision.StreamId, decision.ExpectedVersion, state.Version);
        return Append(session, decision.Metadata, ActorDecider.Decide(decision.Command, state, time.GetUtcNow()));
    }

    public static EventsToAppend Handle(
        DecideStateMachine decision, [WriteModel] FoldedStateMachine? machine, IDocumentSession session, TimeProvider time)
    {
        var state = machine?.State ?? StateMachineState.Initial;
        ThrowIfNotExpected(decision.StreamId, decision.ExpectedVersion, state.Version);
        return Append(session, decision.Metadata, StateMachineDecider.Decide(decision.Command, state, time.GetUtcNow()));
    }

    /// <summary>Wolverine's per-chain configuration: a conflict is tried again after a short, jittered pause.</summary>
    public static void Configure(HandlerChain chain) => chain.RetryConflicts(MaxAttempts);

    private static void ThrowIfNotExpected(string streamId, int? expected, int version)
    {
        if (expected is { } exact && exact != version)
        {
            throw new WrongExpectedVersionException(streamId, ExpectedVersion.Exact(exact), version);
        }
    }

    private static EventsToAppend Append(IDocumentSession session, EventMetadata? metadata, IEnumerable<object> events)
    {
        var toAppend = new EventsToAppend(events);
        if (toAppend.Count > 0)
        {
            (metadata ?? EventMetadata.Empty).Describe(session);
        }

        return toAppend;
    }
}
