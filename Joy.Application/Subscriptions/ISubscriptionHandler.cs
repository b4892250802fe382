using Joy.Application.EventStore;

namespace Joy.Application.Subscriptions;

/// <summary>
/// A durable, named consumer of the global log. Delivery is at least once: a batch is
/// checkpointed only after <see cref="HandleAsync"/> returns, so after a crash the last batch
/// comes again. Handlers must be idempotent (dedupe by <see cref="StoredEvent.Id"/>). Events of
/// archived streams are delivered too: the log is the log. Throwing retries the batch after a
/// back-off; it never skips it.
/// </summary>
public interface ISubscriptionHandler
{
    /// <summary>Stable name; the checkpoint and the single-consumer lock are keyed by it.</summary>
    string Name { get; }

    Task HandleAsync(IReadOnlyList<StoredEvent> events, CancellationToken cancellationToken);
}
