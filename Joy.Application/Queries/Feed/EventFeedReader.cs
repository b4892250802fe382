using Joy.Application.EventStore;
using Joy.Application.Instances;
using Npgsql;
using NpgsqlTypes;

namespace Joy.Application.Queries.Feed;

/// <summary>
/// Reads the global log with the feed's filters pushed into SQL (Sql/read_feed.sql), so a filter
/// matching few events does not drag the whole log through the process. Gap-safe: only up to the
/// async daemon's high-water mark, like <see cref="MartenEventLog"/>.
/// </summary>
public sealed class EventFeedReader(NpgsqlDataSource dataSource, MartenEventLog log, EventStoreOptions options)
{
    private readonly string _sql = SqlScripts.Get("Queries/Sql/read_feed.sql", options.Schema)
        .Replace("__columns__", MartenEventLog.Columns, StringComparison.Ordinal)
        .Replace("__high_water__", log.HighWaterSql, StringComparison.Ordinal)
        .Replace("__tombstones__", MartenEventLog.TombstoneStream, StringComparison.Ordinal);

    /// <summary>
    /// Where a reader that only wants what happens from now on starts: the high-water mark. Anything
    /// not yet readable lies above it, so it will be delivered.
    /// </summary>
    public Task<GlobalPosition> EndAsync(CancellationToken cancellationToken = default) => log.HighWaterMarkAsync(cancellationToken);

    public async Task<EventFeedPage> ReadAsync(EventFeedQuery query, CancellationToken cancellationToken = default)
    {
        var limit = Math.Clamp(query.Limit, 1, EventFeedQuery.MaxLimit);
        await using var command = dataSource.CreateCommand(_sql);
        command.Parameters.Add(new NpgsqlParameter<long> { TypedValue = query.After.Sequence });
        command.Parameters.Add(new NpgsqlParameter<int> { TypedValue = limit });
        command.Parameters.Add(TextArray(query.Instances.Select(InstanceStreams.StreamId)));
        command.Parameters.Add(TextArray(query.Types));
        command.Parameters.Add(TextArray(query.StateMachines));
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        var events = new List<StoredEvent>();
        var heldBack = false;
        var scannedTo = query.After;
        while (await reader.ReadAsync(cancellationToken))
        {
            heldBack = reader.GetBoolean(MartenEventLog.ColumnCount);
            scannedTo = new GlobalPosition(reader.GetInt64(MartenEventLog.ColumnCount + 1));
            if (!reader.IsDBNull(0))
            {
                events.Add(log.Read(reader));
            }
        }

        var next = events.Count > 0 ? events[^1].Position : query.After;
        if (events.Count < limit && scannedTo > next)
        {
            next = scannedTo; // nothing else below the mark matched: skip the non-matching rest
        }

        return new EventFeedPage(events, next, heldBack);
    }

    private static NpgsqlParameter TextArray(IEnumerable<string> values)
    {
        var array = values.ToArray();
        return new NpgsqlParameter { Value = array.Length == 0 ? DBNull.Value : array, NpgsqlDbType = NpgsqlDbType.Array | NpgsqlDbType.Text };
    }
}
