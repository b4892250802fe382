using Joy.Application.EventStore;
using Joy.Domain.Instances;
using Wolverine;
using Wolverine.ErrorHandling;
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
        var bus = new MessageBus(runtime.Value);
        var decision = await bus.InvokeAsync<InstanceDecision>(new DecideInstance(instanceId, commands, metadata), cancellationToken);
        return decision.Events;
    }
}

/// <summary>Commands for one instance, applied in order and appended at once; <paramref name="Metadata"/>: who asked.</summary>
public sealed record DecideInstance(string InstanceId, IReadOnlyList<InstanceCommand> Commands, EventMetadata? Metadata);

/// <summary>What <see cref="DecideInstance"/> appended (empty when it changed nothing, e.g. a duplicate report).</summary>
public sealed record InstanceDecision(IReadOnlyList<InstanceEvent> Events);

/// <summary>
/// The Wolverine handler of <see cref="DecideInstance"/>: folds the instance stream, decides with the
/// pure interpreter at <see cref="TimeProvider"/>'s now and appends at the folded version. A conflict
/// means another process appended first; the error policy runs the handler again, which folds again
/// and decides again. Event ids derive from (instance, version, command), so an append whose commit
/// was not acknowledged and is retried from the same fold is recognised by the store, not doubled.
/// </summary>
public static class InstanceDecisions
{
    /// <summary>Attempts in all before a conflict reaches the caller.</summary>
    public const int MaxAttempts = 20;

    public static async Task<InstanceDecision> Handle(
        DecideInstance decision, IEventStore store, TimeProvider time, CancellationToken cancellationToken)
    {
        var folded = await InstanceStreams.LoadAsync(store, decision.InstanceId, cancellationToken);
        var (state, now) = (folded.State, time.GetUtcNow());
        var events = new List<InstanceEvent>();
        var toAppend = new List<EventToAppend>();
        foreach (var command in decision.Commands)
        {
            var fingerprint = CommandFingerprint.Of(command);
            foreach (var e in Interpreter.Decide(command, state, now))
            {
                events.Add(e);
                toAppend.Add(new EventToAppend(e, EventId(decision.InstanceId, folded.Version + events.Count, fingerprint)));
                state = Interpreter.Evolve(state, e);
            }
        }

        if (events.Count > 0)
        {
            var expected = folded.Version == 0 ? ExpectedVersion.NoStream : ExpectedVersion.Exact(folded.Version);
            await store.AppendAsync(InstanceStreams.StreamId(decision.InstanceId), expected, toAppend, decision.Metadata, cancellationToken);
        }

        return new InstanceDecision(events);
    }

    /// <summary>
    /// Wolverine's per-chain configuration: a conflict is tried again after a short, growing pause,
    /// jittered per process (conflicts come from a handful of concurrent reports on one instance, and
    /// the losing append fails as soon as the winner commits).
    /// </summary>
    public static void Configure(HandlerChain chain) =>
        chain.OnException<WrongExpectedVersionException>().RetryWithCooldown(
            Enumerable.Range(1, MaxAttempts - 1)
                .Select(attempt => TimeSpan.FromMilliseconds(Random.Shared.Next(1, 5 + Math.Min(attempt, 10) * 10)))
                .ToArray());

    private static Guid EventId(string instanceId, long version, string fingerprint) =>
        Guid.Parse(Joy.Domain.Asl.DeterministicId.From(instanceId, "event",
            version.ToString(System.Globalization.CultureInfo.InvariantCulture), fingerprint));
}
