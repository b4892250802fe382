using Joy.Application.EventStore;
using Joy.Application.Instances;
using Npgsql;
using NpgsqlTypes;

namespace Joy.Application.Queries.Feed;

/// <summary>
/// Reads the global log with the feed's filters pushed into SQL (Sql/read_feed.sql), so a filter
/// matching few events does not drag the whole log through the process. Gap-safe: the same
/// horizon rule as <see cref="PostgresEventStore.ReadAllAsync(GlobalPosition, int, bool, CancellationToken)"/>.
/// </summary>
public sealed class EventFeedReader(NpgsqlDataSource dataSource, PostgresEventStore store, EventStoreOptions options)
{
    private readonly string _sql = SqlScripts.Get("Queries/Sql/read_feed.sql", options.Schema);
    private readonly string _endSql = SqlScripts.Get("Queries/Sql/feed_end.sql", options.Schema);

    /// <summary>Where a reader that only wants what happens from now on starts.</summary>
    public async Task<GlobalPosition> EndAsync(CancellationToken cancellationToken = default)
    {
        await using var command = dataSource.CreateCommand(_endSql);
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        return await reader.ReadAsync(cancellationToken)
            ? new GlobalPosition(reader.GetFieldValue<ulong>(0), reader.GetInt64(1))
            : GlobalPosition.Start;
    }

    public async Task<EventFeedPage> ReadAsync(EventFeedQuery query, CancellationToken cancellationToken = default)
    {
        var limit = Math.Clamp(query.Limit, 1, EventFeedQuery.MaxLimit);
        await using var command = dataSource.CreateCommand(_sql);
        command.Parameters.Add(new NpgsqlParameter<ulong> { TypedValue = query.After.TransactionId, NpgsqlDbType = NpgsqlDbType.Xid8 });
        command.Parameters.Add(new NpgsqlParameter<long> { TypedValue = query.After.Sequence });
        command.Parameters.Add(new NpgsqlParameter<int> { TypedValue = limit });
        command.Parameters.Add(TextArray(query.Instances.Select(InstanceStreams.StreamId)));
        command.Parameters.Add(TextArray(query.Types));
        command.Parameters.Add(TextArray(query.StateMachines));
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        var events = new List<StoredEvent>();
        var heldBack = false;
        GlobalPosition? scannedTo = null;
        while (await reader.ReadAsync(cancellationToken))
        {
            heldBack = reader.GetBoolean(StoredEventReader.ColumnCount);
            if (!reader.IsDBNull(StoredEventReader.ColumnCount + 1))
            {
                scannedTo = new GlobalPosition(
                    reader.GetFieldValue<ulong>(StoredEventReader.ColumnCount + 1), reader.GetInt64(StoredEventReader.ColumnCount + 2));
            }

            if (!reader.IsDBNull(0))
            {
                events.Add(StoredEventReader.Read(reader, store.Types));
            }
        }

        var next = events.Count > 0 ? events[^1].Position : query.After;
        if (events.Count < limit && scannedTo is { } scanned && scanned > next)
        {
            next = scanned; // nothing else below the horizon matched: skip the non-matching rest
        }

        return new EventFeedPage(events, next, heldBack);
    }

    private static NpgsqlParameter TextArray(IEnumerable<string> values)
    {
        var array = values.ToArray();
        return new NpgsqlParameter { Value = array.Length == 0 ? DBNull.Value : array, NpgsqlDbType = NpgsqlDbType.Array | NpgsqlDbType.Text };
    }
}
