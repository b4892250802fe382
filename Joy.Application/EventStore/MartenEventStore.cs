using JasperFx.Events;
using Marten;
using Wolverine.Marten.Publishing;
using Wolverine.Runtime;

namespace Joy.Application.EventStore;

/// <summary>
/// Joy's <see cref="IEventStore"/> on Marten: string stream ids, Joy's stable event names, quick
/// appends that take the stream's row lock before the version check (so a losing concurrent
/// append leaves no hole in the sequence), and the global log read up to the async daemon's
/// high-water mark (<see cref="MartenEventLog"/>). Inline projections commit in the append's
/// transaction (<see cref="SqlProjection"/>).
/// </summary>
/// <remarks>
/// The document store comes lazily: Marten's configuration builds Joy's projections and
/// subscriptions, and some of those read streams through this store.
/// </remarks>
public sealed partial class MartenEventStore(
    Lazy<IDocumentStore> documentStore,
    Lazy<OutboxedSessionFactory> outboxedSessions,
    Lazy<IWolverineRuntime> wolverine,
    MartenEventLog log) : IEventStore
{
    private IDocumentStore Store => documentStore.Value;

    /// <summary>
    /// A session enrolled in Wolverine's outbox: the events it appends that a feature forwards
    /// (<c>AddJoyEventForwarding</c>) are stored as messages in the same transaction and handed to
    /// their handlers once it commits.
    /// </summary>
    private IDocumentSession OpenOutboxedSession() => outboxedSessions.Value.OpenSession(new MessageContext(wolverine.Value));

    public async Task<StreamInfo?> GetStreamAsync(string streamId, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(streamId);
        await using var session = Store.QuerySession();
        return await session.Events.FetchStreamStateAsync(streamId, cancellationToken) is { } state
            ? new StreamInfo(streamId, state.Version, state.Created, state.LastTimestamp, state.IsArchived)
            : null;
    }

    public async Task<bool> ArchiveStreamAsync(string streamId, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(streamId);
        if (await GetStreamAsync(streamId, cancellationToken) is null)
        {
            return false;
        }

        await using var session = Store.LightweightSession();
        session.Events.ArchiveStream(streamId);
        await session.SaveChangesAsync(cancellationToken);
        return true;
    }

    /// <summary>Marten's events as Joy's <see cref="StoredEvent"/>s, the internal tombstones left out.</summary>
    public static List<StoredEvent> ToStored(IEnumerable<IEvent> events) =>
        events.Where(e => e.Data is not Tombstone).Select(ToStored).ToList();

    /// <summary>An event as Joy's read side sees it.</summary>
    internal static StoredEvent ToStored(IEvent e) => new(
        e.Id, e.StreamKey!, e.Version, e.Sequence, e.EventTypeName, e.Data,
        new EventMetadata(e.CorrelationId, e.CausationId, e.UserName, Headers(e.Headers)),
        e.Timestamp, e.IsArchived);

    private static Dictionary<string, string>? Headers(Dictionary<string, object>? headers) =>
        headers is { Count: > 0 } ? headers.ToDictionary(h => h.Key, h => h.Value?.ToString() ?? "", StringComparer.Ordinal) : null;
}
