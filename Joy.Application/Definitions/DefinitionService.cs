using Joy.Application.EventStore;
using Joy.Application.Messaging;
using Wolverine;
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
    private async Task DecideAsync(IDefinitionDecision decision, CancellationToken cancellationToken)
    {
        try
        {
            await new MessageBus(wolverine.Value).InvokeAsync(decision, cancellationToken);
        }
        catch (Exception conflict) when (ConflictRetries.IsConflict(conflict))
        {
            // Every attempt lost to another writer: the caller sees Joy's conflict, as for any stream.
            throw new WrongExpectedVersionException(decision.StreamId, ExpectedVersion.Any, -1, conflict);
        }
    }
}
