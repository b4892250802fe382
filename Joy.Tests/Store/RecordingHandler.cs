using System.Collections.Concurrent;
using Joy.Application.EventStore;
using Joy.Application.Subscriptions;

namespace Joy.Tests.Store;

/// <summary>A subscription handler that keeps what it was given, with an optional hook per event.</summary>
public sealed class RecordingHandler(string name, Func<StoredEvent, CancellationToken, Task>? onEvent = null) : ISubscriptionHandler
{
    private readonly ConcurrentQueue<StoredEvent> _received = new();

    public string Name => name;

    public IReadOnlyList<StoredEvent> Received => _received.ToList();

    public int Batches { get; private set; }

    public async Task HandleAsync(IReadOnlyList<StoredEvent> events, CancellationToken cancellationToken)
    {
        Batches++;
        foreach (var stored in events)
        {
            _received.Enqueue(stored);
            if (onEvent is not null)
            {
                await onEvent(stored, cancellationToken);
            }
        }
    }
}
