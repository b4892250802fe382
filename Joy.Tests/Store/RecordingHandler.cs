using System.Collections.Concurrent;
using JasperFx.Events.Daemon;
using JasperFx.Events.Projections;
using Joy.Application.EventStore;
using Marten;
using Marten.Subscriptions;
using Microsoft.Extensions.DependencyInjection;

namespace Joy.Tests.Store;

/// <summary>
/// A test's window on Marten's async daemon: a Marten subscription that keeps what it was given,
/// with an optional hook per event (throwing from it fails the batch, which the daemon retries).
/// </summary>
public sealed class RecordingHandler : SubscriptionBase
{
    private readonly ConcurrentQueue<StoredEvent> _received = new();
    private readonly Func<StoredEvent, CancellationToken, Task>? _onEvent;

    public RecordingHandler(string name, Func<StoredEvent, CancellationToken, Task>? onEvent = null)
    {
        Name = name;
        _onEvent = onEvent;
    }

    public IReadOnlyList<StoredEvent> Received => _received.ToList();

    public int Batches { get; private set; }

    public override async Task<IChangeListener> ProcessEventsAsync(
        EventRange page, ISubscriptionController controller, IDocumentOperations operations, CancellationToken cancellationToken)
    {
        Batches++;
        foreach (var stored in MartenEventStore.ToStored(page.Events))
        {
            _received.Enqueue(stored);
            if (_onEvent is not null)
            {
                await _onEvent(stored, cancellationToken);
            }
        }

        return NullChangeListener.Instance;
    }
}

public static class DaemonSubscriptions
{
    /// <summary>Runs <paramref name="subscription"/> in Marten's async daemon (and makes it a service, for the test to read).</summary>
    public static IServiceCollection AddDaemonSubscription<T>(this IServiceCollection services, T subscription) where T : SubscriptionBase =>
        services.AddSingleton(subscription).ConfigureMarten(options => options.Projections.Subscribe(subscription));
}
