using JasperFx.Events.Daemon;
using JasperFx.Events.Projections;
using Joy.Application.EventStore;
using Marten;
using Marten.Subscriptions;

namespace Joy.Application.Subscriptions;

/// <summary>
/// Runs one of Joy's <see cref="ISubscriptionHandler"/>s as a Marten subscription in the async
/// daemon: in log order up to the high-water mark, its progress kept by Marten after each batch
/// (so a batch interrupted by a crash comes again: at least once).
/// </summary>
public sealed class MartenSubscription : SubscriptionBase
{
    private readonly ISubscriptionHandler _handler;

    public MartenSubscription(ISubscriptionHandler handler)
    {
        _handler = handler;
        Name = handler.Name;
    }

    public override async Task<IChangeListener> ProcessEventsAsync(
        EventRange page, ISubscriptionController controller, IDocumentOperations operations, CancellationToken cancellationToken)
    {
        await _handler.HandleAsync(MartenEventStore.ToStored(page.Events), cancellationToken);
        return NullChangeListener.Instance;
    }
}
