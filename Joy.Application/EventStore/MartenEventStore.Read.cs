using JasperFx.Events;
using Marten;
using Marten.Events.Archiving;

namespace Joy.Application.EventStore;

public sealed partial class MartenEventStore
{
    public async Task<IReadOnlyList<StoredEvent>> ReadStreamAsync(
        string streamId,
        long fromVersion = 1,
        long toVersion = long.MaxValue,
        bool includeArchived = false,
        CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(streamId);
        await using var session = Store.QuerySession();
        var query = session.Events.QueryAllRawEvents()
            .Where(e => e.StreamKey == streamId && e.Version >= fromVersion && e.Version <= toVersion);
        if (includeArchived)
        {
            query = query.Where(e => e.MaybeArchived());
        }

        var events = await query.OrderBy(e => e.Version).ToListAsync(cancellationToken);
        return events.Select(ToStored).ToList();
    }

    /// <summary>Folds through the caller's pure <paramref name="evolve"/> (the domain's own), so replay is the live code.</summary>
    public async Task<FoldedStream<TState>> AggregateStreamAsync<TState>(
        string streamId,
        Func<TState, object, TState> evolve,
        TState initial,
        long? atVersion = null,
        CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(evolve);
        var events = await ReadStreamAsync(streamId, 1, atVersion ?? long.MaxValue, includeArchived: true, cancellationToken);
        var state = events.Aggregate(initial, (current, stored) => evolve(current, stored.Data));
        return new FoldedStream<TState>(state, events.Count > 0 ? events[^1].Version : 0);
    }

    public Task<ReadAllPage> ReadAllAsync(
        GlobalPosition after,
        int maxCount = 500,
        bool includeArchived = false,
        CancellationToken cancellationToken = default)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(maxCount, 1);
        return log.ReadAllAsync(after, maxCount, includeArchived, cancellationToken);
    }

    /// <summary>
    /// An append was refused; says why. Idempotency: when every id of the append already exists,
    /// in this stream, in the same order, as consecutive versions starting where the expected
    /// version said (any start for <see cref="ExpectedVersion.Any"/>), it was a retry of an append
    /// that committed: the original result is returned. Any other reuse of an id is refused.
    /// </summary>
    private async Task<AppendResult> DiagnoseAsync(string streamId, ExpectedVersion expectedVersion, Guid[] ids, CancellationToken cancellationToken)
    {
        await using var session = Store.QuerySession();
        var existing = (await session.Events.QueryAllRawEvents()
                .Where(e => e.Id.IsOneOf(ids))
                .Where(e => e.MaybeArchived())
                .ToListAsync(cancellationToken))
            .OrderBy(e => e.Sequence)
            .ToList();
        if (existing.Count > 0)
        {
            var first = existing[0].Version;
            var isRetry = existing.Count == ids.Length
                && existing.All(e => e.StreamKey == streamId)
                && existing.Select(e => e.Id).SequenceEqual(ids)
                && existing[^1].Version - first + 1 == ids.Length
                && expectedVersion.IsSatisfiedBy(first - 1);
            return isRetry
                ? new AppendResult(streamId, existing[^1].Version, existing.Select(e => new GlobalPosition(e.Sequence)).ToList(), AlreadyAppended: true)
                : throw new DuplicateEventIdException(streamId);
        }

        var state = await session.Events.FetchStreamStateAsync(streamId, cancellationToken);
        if (state is { IsArchived: true })
        {
            throw new StreamArchivedException(streamId);
        }

        throw new WrongExpectedVersionException(streamId, expectedVersion, state?.Version ?? 0);
    }
}
