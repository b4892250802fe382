using Npgsql;
using NpgsqlTypes;

namespace Joy.Application.EventStore;

public sealed partial class PostgresEventStore
{
    public async Task<StreamInfo?> GetStreamAsync(string streamId, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(streamId);
        await using var command = _dataSource.CreateCommand(_getStreamSql);
        command.Parameters.Add(new NpgsqlParameter<string> { TypedValue = streamId });
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        return await reader.ReadAsync(cancellationToken)
            ? new StreamInfo(reader.GetString(0), reader.GetString(1), reader.GetInt64(2),
                reader.GetFieldValue<DateTimeOffset>(3), reader.GetFieldValue<DateTimeOffset>(4), reader.GetBoolean(5))
            : null;
    }

    public async Task<IReadOnlyList<StoredEvent>> ReadStreamAsync(
        string streamId,
        long fromVersion = 1,
        long toVersion = long.MaxValue,
        bool includeArchived = false,
        CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(streamId);
        await using var command = _dataSource.CreateCommand(_readStreamSql);
        command.Parameters.Add(new NpgsqlParameter<string> { TypedValue = streamId });
        command.Parameters.Add(new NpgsqlParameter<long> { TypedValue = fromVersion });
        command.Parameters.Add(new NpgsqlParameter<long> { TypedValue = toVersion });
        command.Parameters.Add(new NpgsqlParameter<bool> { TypedValue = includeArchived });
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        var events = new List<StoredEvent>();
        while (await reader.ReadAsync(cancellationToken))
        {
            events.Add(StoredEventReader.Read(reader, _types));
        }

        return events;
    }

    public async Task<FoldedStream<TState>> AggregateStreamAsync<TState>(
        string streamId,
        Func<TState, object, TState> evolve,
        TState initial,
        long? atVersion = null,
        CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(evolve);
        var events = await ReadStreamAsync(streamId, 1, atVersion ?? long.MaxValue, includeArchived: true, cancellationToken);
        var state = initial;
        foreach (var stored in events)
        {
            state = evolve(state, stored.Data);
        }

        return new FoldedStream<TState>(state, events.Count > 0 ? events[^1].Version : 0);
    }

    public async Task<ReadAllPage> ReadAllAsync(
        GlobalPosition after,
        int maxCount = 500,
        bool includeArchived = false,
        CancellationToken cancellationToken = default)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(maxCount, 1);
        await using var connection = await _dataSource.OpenConnectionAsync(cancellationToken);
        return await ReadAllAsync(connection, after, maxCount, includeArchived, cancellationToken);
    }

    /// <summary>The same read on a connection the caller holds (a subscriber's dedicated one).</summary>
    public async Task<ReadAllPage> ReadAllAsync(
        NpgsqlConnection connection, GlobalPosition after, int maxCount, bool includeArchived, CancellationToken cancellationToken)
    {
        await using var command = new NpgsqlCommand(_readAllSql, connection);
        command.Parameters.Add(new NpgsqlParameter<ulong> { TypedValue = after.TransactionId, NpgsqlDbType = NpgsqlDbType.Xid8 });
        command.Parameters.Add(new NpgsqlParameter<long> { TypedValue = after.Sequence });
        command.Parameters.Add(new NpgsqlParameter<int> { TypedValue = maxCount });
        command.Parameters.Add(new NpgsqlParameter<bool> { TypedValue = includeArchived });
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        var events = new List<StoredEvent>();
        var heldBack = false;
        while (await reader.ReadAsync(cancellationToken))
        {
            heldBack = reader.GetBoolean(StoredEventReader.ColumnCount);
            if (!reader.IsDBNull(0))
            {
                events.Add(StoredEventReader.Read(reader, _types));
            }
        }

        return new ReadAllPage(events, events.Count > 0 ? events[^1].Position : after, heldBack);
    }
}
