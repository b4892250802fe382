using JasperFx;
using JasperFx.Events;
using Joy.Application.EventStore;
using Joy.Application.Messaging;
using Joy.Domain.Instances;
using Marten;
using Wolverine;
using Wolverine.ErrorHandling;
using Wolverine.Persistence.EventSourcing;
using Wolverine.Runtime;
using Wolverine.Runtime.Handlers;

namespace Joy.Application.Instances;

/// <summary>
/// <see cref="IInstanceCommandHandler"/> on Wolverine: each call is a <see cref="DecideInstance"/>
/// message invoked inline, so the caller gets the events or the exception, and a concurrency
/// conflict is retried by the handler's error policy (<see cref="InstanceDecisions.Configure"/>).
/// </summary>
public sealed class InstanceCommandHandler(Lazy<IWolverineRuntime> runtime) : IInstanceCommandHandler
{
    public async Task<IReadOnlyList<InstanceEvent>> HandleAsync(
        string instanceId, IReadOnlyList<InstanceCommand> commands, EventMetadata? metadata = null, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(instanceId);
        var decision = new DecideInstance(instanceId, commands, metadata);
        return (await runtime.Value.InvokeDecisionAsync<InstanceDecision>(decision, decision.StreamId, cancellationToken)).Events;
    }
}

/// <summary>Commands for one instance, applied in order and appended at once; <paramref name="Metadata"/>: who asked.</summary>
public sealed record DecideInstance(string InstanceId, IReadOnlyList<InstanceCommand> Commands, EventMetadata? Metadata)
{
    /// <summary>The stream Wolverine fetches for writing.</summary>
    [Identity]
    public string StreamId => InstanceStreams.StreamId(InstanceId);
}

/// <summary>What <see cref="DecideInstance"/> appended (empty when it changed nothing, e.g. a duplicate report).</summary>
public sealed record InstanceDecision(IReadOnlyList<InstanceEvent> Events);

/// <summary>
/// The handler of <see cref="DecideInstance"/> in Wolverine's aggregate handler workflow: Marten
/// fetches the instance for writing (folded by <see cref="InstanceAggregate"/>; null when it does not
/// exist yet), the pure interpreter decides at <see cref="TimeProvider"/>'s now, and the events are
/// appended at the fetched version in the transaction Wolverine commits. A conflict means another
/// process appended first; the error policy runs the handler again, which fetches and decides again.
/// Event ids derive from (instance, version, command), so replaying a decision names its events alike.
/// </summary>
public static class InstanceDecisions
{
    /// <summary>Attempts in all before a conflict reaches the caller.</summary>
    public const int MaxAttempts = 20;

    public static (InstanceDecision, EventsToAppend) Handle(
        DecideInstance decision, [WriteModel] FoldedInstance? instance, IDocumentSession session, TimeProvider time)
    {
        var state = instance?.State ?? InstanceState.Initial;
        var now = time.GetUtcNow();
        var events = new List<InstanceEvent>();
        var toAppend = new EventsToAppend();
        foreach (var command in decision.Commands)
        {
            var fingerprint = CommandFingerprint.Of(command);
            foreach (var e in Interpreter.Decide(command, state, now))
            {
                events.Add(e);
                var stored = session.Events.BuildEvent(e);
                stored.Id = EventId(decision.InstanceId, state.Version + 1, fingerprint);
                toAppend.Add(stored);
                state = Interpreter.Evolve(state, e);
            }
        }

        if (events.Count > 0)
        {
            (decision.Metadata ?? EventMetadata.Empty).Describe(session);
        }

        return (new InstanceDecision(events), toAppend);
    }

    /// <summary>Wolverine's per-chain configuration: a conflict is tried again (<see cref="ConflictRetries"/>).</summary>
    public static void Configure(HandlerChain chain) => chain.RetryConflicts(MaxAttempts);

    private static Guid EventId(string instanceId, long version, string fingerprint) =>
        Guid.Parse(Joy.Domain.Asl.DeterministicId.From(instanceId, "event",
            version.ToString(System.Globalization.CultureInfo.InvariantCulture), fingerprint));
}
