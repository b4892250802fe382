using Joy.Application.EventStore;
using Joy.Application.Messaging;
using Wolverine.Runtime;

namespace Joy.Application.Definitions;

/// <summary>
/// The definition use cases, one function each (actors in <c>DefinitionService.Actors.cs</c>, state
/// machines in <c>DefinitionService.StateMachines.cs</c>): each invokes a <see cref="DecideActor"/> or
/// <see cref="DecideStateMachine"/> inline (<see cref="DefinitionDecisions"/>: fetch, decide, append at the
/// fetched version, conflicts retried by the handler's error policy).
/// Throws the domain's <c>DefinitionRejectedException</c>s, <see cref="ActorInUseException"/> and
/// <see cref="WrongExpectedVersionException"/>; the web layer maps each to a status.
/// </summary>
public sealed partial class DefinitionService(Lazy<IWolverineRuntime> wolverine, DefinitionQueries queries)
{
    private Task DecideAsync(IDefinitionDecision decision, CancellationToken cancellationToken) =>
        wolverine.Value.InvokeDecisionAsync(decision, decision.StreamId, cancellationToken);
}
