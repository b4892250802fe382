using JasperFx.Events;
using Joy.Domain.Definitions;
using Marten.Events.Aggregation;

namespace Joy.Application.Definitions;

/// <summary>An actor stream folded: the domain's <see cref="ActorState"/> under the stream's id, which Marten needs.</summary>
public sealed record FoldedActor(string Id, ActorState State);

/// <summary>A state machine stream folded likewise.</summary>
public sealed record FoldedStateMachine(string Id, StateMachineState State);

/// <summary>
/// How Marten folds an actor stream: the pure <see cref="ActorDecider.Evolve"/>, from <see cref="ActorState.Initial"/>.
/// Registered live, never stored: it is what <c>FetchForWriting</c> gives <see cref="DefinitionDecisions"/>.
/// </summary>
public sealed class ActorAggregate : SingleStreamProjection<FoldedActor, string>
{
    public override FoldedActor Evolve(FoldedActor? snapshot, string id, IEvent e)
    {
        var state = snapshot?.State ?? ActorState.Initial;
        return new FoldedActor(id, e.Data is ActorEvent data ? ActorDecider.Evolve(state, data) : state);
    }
}

/// <summary>How Marten folds a state machine stream: the pure <see cref="StateMachineDecider.Evolve"/>.</summary>
public sealed class StateMachineAggregate : SingleStreamProjection<FoldedStateMachine, string>
{
    public override FoldedStateMachine Evolve(FoldedStateMachine? snapshot, string id, IEvent e)
    {
        var state = snapshot?.State ?? StateMachineState.Initial;
        return new FoldedStateMachine(id, e.Data is StateMachineEvent data ? StateMachineDecider.Evolve(state, data) : state);
    }
}
