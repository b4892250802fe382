using Joy.Application.EventStore;
using Joy.Domain.Instances;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace Joy.Application.Instances;

/// <summary>
/// Folds the instance stream, decides with the interpreter at <see cref="TimeProvider"/>'s now and appends
/// at the folded version. A conflict means another process appended first: fold again and decide again
/// (bounded, with jittered backoff). Event ids derive from (instance, version, command), so an append whose
/// commit was not acknowledged and is retried from the same fold is recognised by the store, not doubled.
/// </summary>
public sealed class InstanceCommandHandler(
    IEventStore store, TimeProvider time, ILogger<InstanceCommandHandler>? logger = null) : IInstanceCommandHandler
{
    public const int MaxAttempts = 20;

    private readonly ILogger _logger = logger ?? NullLogger<InstanceCommandHandler>.Instance;

    public Task<IReadOnlyList<InstanceEvent>> HandleAsync(
        string instanceId, InstanceCommand command, EventMetadata? metadata = null, CancellationToken cancellationToken = default) =>
        HandleAsync(instanceId, [command], metadata, cancellationToken);

    public async Task<IReadOnlyList<InstanceEvent>> HandleAsync(
        string instanceId, IReadOnlyList<InstanceCommand> commands, EventMetadata? metadata = null, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(instanceId);
        var streamId = InstanceStreams.StreamId(instanceId);
        for (var attempt = 1; ; attempt++)
        {
            var folded = await LoadAsync(store, instanceId, cancellationToken);
            var (state, now) = (folded.State, time.GetUtcNow());
            var events = new List<InstanceEvent>();
            var toAppend = new List<EventToAppend>();
            foreach (var command in commands)
            {
                var fingerprint = CommandFingerprint.Of(command);
                foreach (var e in Interpreter.Decide(command, state, now))
                {
                    events.Add(e);
                    toAppend.Add(new EventToAppend(e, EventId(instanceId, folded.Version + events.Count, fingerprint)));
                    state = Interpreter.Evolve(state, e);
                }
            }

            if (events.Count == 0)
            {
                return events;
            }

            var expected = folded.Version == 0 ? ExpectedVersion.NoStream : ExpectedVersion.Exact(folded.Version);
            try
            {
                await store.AppendAsync(streamId, expected, toAppend, metadata, cancellationToken);
                return events;
            }
            catch (WrongExpectedVersionException) when (attempt < MaxAttempts)
            {
                _logger.LogDebug("Instance {Instance}: conflict on attempt {Attempt}, deciding again", instanceId, attempt);
                await Task.Delay(Backoff(attempt), time, cancellationToken);
            }
        }
    }

    /// <summary>The instance folded to its last event (state Initial and version 0 when it does not exist).</summary>
    public static Task<FoldedStream<InstanceState>> LoadAsync(IEventStore store, string instanceId, CancellationToken cancellationToken) =>
        store.AggregateStreamAsync<InstanceState>(
            InstanceStreams.StreamId(instanceId),
            (state, data) => data is InstanceEvent e ? Interpreter.Evolve(state, e) : state,
            InstanceState.Initial,
            cancellationToken: cancellationToken);

    private static Guid EventId(string instanceId, long version, string fingerprint) =>
        Guid.Parse(Joy.Domain.Asl.DeterministicId.From(instanceId, "event",
            version.ToString(System.Globalization.CultureInfo.InvariantCulture), fingerprint));

    // Small and jittered: conflicts come from a handful of concurrent reports on one instance.
    private static TimeSpan Backoff(int attempt) =>
        TimeSpan.FromMilliseconds(Random.Shared.Next(1, 5 + Math.Min(attempt, 10) * 10));
}
