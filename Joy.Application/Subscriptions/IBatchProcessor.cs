using Joy.Application.EventStore;

namespace Joy.Application.Subscriptions;

/// <summary>
/// What a subscription does with a batch and how it records progress. False means the checkpoint
/// was no longer at <c>from</c> (reset by a rebuild): nothing was recorded, reload and go on.
/// </summary>
public interface IBatchProcessor
{
    string Name { get; }

    Task<bool> ProcessAsync(IReadOnlyList<StoredEvent> events, GlobalPosition from, GlobalPosition to, CancellationToken cancellationToken);
}

/// <summary>A plain handler: handle, then checkpoint (at least once).</summary>
public sealed class HandlerBatchProcessor(ISubscriptionHandler handler, SubscriptionCheckpoints checkpoints) : IBatchProcessor
{
    public string Name => handler.Name;

    public async Task<bool> ProcessAsync(IReadOnlyList<StoredEvent> events, GlobalPosition from, GlobalPosition to, CancellationToken cancellationToken)
    {
        await handler.HandleAsync(events, cancellationToken);
        return await checkpoints.TryAdvanceAsync(handler.Name, from, to, cancellationToken);
    }
}
