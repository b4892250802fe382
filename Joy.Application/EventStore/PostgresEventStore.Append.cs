using System.Text.Json;
using Npgsql;
using NpgsqlTypes;

namespace Joy.Application.EventStore;

public sealed partial class PostgresEventStore
{
    public Task<AppendResult> AppendAsync(
        string streamId,
        string streamType,
        ExpectedVersion expectedVersion,
        IReadOnlyList<object> events,
        EventMetadata? metadata = null,
        CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(events);
        var wrapped = events.Select(e => e as EventToAppend ?? new EventToAppend(e)).ToList();
        return AppendAsync(streamId, streamType, expectedVersion, wrapped, metadata, cancellationToken);
    }

    public async Task<AppendResult> AppendAsync(
        string streamId,
        string streamType,
        ExpectedVersion expectedVersion,
        IReadOnlyList<EventToAppend> events,
        EventMetadata? metadata = null,
        CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(streamId);
        ArgumentException.ThrowIfNullOrEmpty(streamType);
        ArgumentNullException.ThrowIfNull(events);
        if (events.Count == 0)
        {
            throw new ArgumentException("An append needs at least one event.", nameof(events));
        }

        metadata ??= EventMetadata.Empty;
        var ids = new Guid[events.Count];
        var types = new string[events.Count];
        var data = new string[events.Count];
        for (var i = 0; i < events.Count; i++)
        {
            ids[i] = events[i].Id;
            types[i] = _types.NameOf(events[i].Data.GetType());
            data[i] = _types.Serialize(events[i].Data);
        }

        await using var connection = await _dataSource.OpenConnectionAsync(cancellationToken);
        await using (var transaction = _inlineProjections.Count > 0 ? await connection.BeginTransactionAsync(cancellationToken) : null)
        {
            // Without inline projections the batch is its own (implicit) transaction: one round trip.
            var written = await WriteAsync(connection, transaction, streamId, streamType, expectedVersion, ids, types, data, metadata, cancellationToken);
            if (written is null)
            {
                if (transaction is not null)
                {
                    await transaction.RollbackAsync(cancellationToken);
                }

                return await DiagnoseAsync(connection, streamId, expectedVersion, ids, cancellationToken);
            }

            var positions = written.Select(row => new GlobalPosition(row.TransactionId, row.Sequence)).ToList();
            if (transaction is not null)
            {
                var stored = written.Select((row, i) => new StoredEvent(
                    ids[i], streamId, row.Version, row.Sequence, row.TransactionId, types[i], events[i].Data, metadata, row.Timestamp)).ToList();
                foreach (var projection in _inlineProjections)
                {
                    await projection.ApplyAsync(connection, transaction, stored, cancellationToken);
                }

                await transaction.CommitAsync(cancellationToken);
            }

            _notifier.Signal();
            return new AppendResult(streamId, written[^1].Version, positions, AlreadyAppended: false);
        }
    }

    /// <summary>The rows written, or null when nothing was (wrong version, archived, id reused).</summary>
    private async Task<List<WrittenRow>?> WriteAsync(
        NpgsqlConnection connection, NpgsqlTransaction? transaction, string streamId, string streamType,
        ExpectedVersion expectedVersion, Guid[] ids, string[] types, string[] data, EventMetadata metadata,
        CancellationToken cancellationToken)
    {
        // Positional parameters: Npgsql sends the SQL as is, without parsing it on every append.
        await using var batch = new NpgsqlBatch(connection, transaction)
        {
            BatchCommands =
            {
                new NpgsqlBatchCommand(_appendLockSql) { Parameters = { new NpgsqlParameter<string> { TypedValue = streamId } } },
                new NpgsqlBatchCommand(_appendWriteSql)
                {
                    Parameters =
                    {
                        new NpgsqlParameter<string> { TypedValue = streamId },
                        new NpgsqlParameter<string> { TypedValue = streamType },
                        new NpgsqlParameter<long> { TypedValue = expectedVersion.Value },
                        new NpgsqlParameter<long> { TypedValue = ids.Length },
                        new NpgsqlParameter<Guid[]> { TypedValue = ids },
                        new NpgsqlParameter<string[]> { TypedValue = types },
                        new NpgsqlParameter<string[]> { TypedValue = data, NpgsqlDbType = NpgsqlDbType.Array | NpgsqlDbType.Jsonb },
                        new NpgsqlParameter<string>
                        {
                            TypedValue = JsonSerializer.Serialize(metadata, EventTypeMap.SerializerOptions),
                            NpgsqlDbType = NpgsqlDbType.Jsonb,
                        },
                    },
                },
            },
        };

        try
        {
            await using var reader = await batch.ExecuteReaderAsync(cancellationToken);
            await reader.NextResultAsync(cancellationToken); // past the lock's result
            var rows = new List<WrittenRow>(ids.Length);
            while (await reader.ReadAsync(cancellationToken))
            {
                rows.Add(new WrittenRow(reader.GetInt64(0), reader.GetInt64(1), reader.GetFieldValue<ulong>(2), reader.GetFieldValue<DateTimeOffset>(3)));
            }

            // Versions follow the order of the append's events; RETURNING order is not promised.
            rows.Sort((a, b) => a.Version.CompareTo(b.Version));
            return rows.Count == ids.Length ? rows : null;
        }
        catch (PostgresException e) when (e.SqlState == PostgresErrorCodes.UniqueViolation
            && e.ConstraintName is "events_id_unique" or "events_stream_version_unique" or "streams_pkey")
        {
            // An id that exists already (a retry?) or, for writers bypassing the stream lock, the
            // (stream_id, version) backstop. Translated by constraint name, never by message text.
            return null;
        }
    }

    private readonly record struct WrittenRow(long Sequence, long Version, ulong TransactionId, DateTimeOffset Timestamp);
}
