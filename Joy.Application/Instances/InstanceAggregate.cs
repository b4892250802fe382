using JasperFx.Events;
using Joy.Domain.Instances;
using Marten.Events.Aggregation;

namespace Joy.Application.Instances;

/// <summary>
/// An instance stream folded by <see cref="InstanceAggregate"/>: the domain's <see cref="InstanceState"/>
/// under the stream's id, which Marten needs on whatever it folds and the pure domain state does not carry.
/// </summary>
public sealed record FoldedInstance(string Id, InstanceState State);

/// <summary>
/// How Marten folds an instance stream: the pure <see cref="Interpreter.Evolve"/>, from
/// <see cref="InstanceState.Initial"/>. Registered live, never stored: it is what <c>FetchForWriting</c>
/// gives <see cref="InstanceDecisions"/> (Wolverine's aggregate handler workflow).
/// </summary>
public sealed class InstanceAggregate : SingleStreamProjection<FoldedInstance, string>
{
    public override FoldedInstance Evolve(FoldedInstance? snapshot, string id, IEvent e)
    {
        var state = snapshot?.State ?? InstanceState.Initial;
        return new FoldedInstance(id, e.Data is InstanceEvent data ? Interpreter.Evolve(state, data) : state);
    }
}
