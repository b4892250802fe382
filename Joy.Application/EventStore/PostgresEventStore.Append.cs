using System.Text.Json;
using Npgsql;
using NpgsqlTypes;

namespace Joy.Application.EventStore;

public sealed partial class PostgresEventStore
{
    private const int Appended = 0, WrongVersion = 1, AlreadyAppended = 2, Archived = 3, IdReused = 4;

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
        // Without inline projections the function call is its own transaction: one round trip.
        await using var transaction = _inlineProjections.Count > 0
            ? await connection.BeginTransactionAsync(cancellationToken)
            : null;

        var row = await CallAppendAsync(connection, transaction, streamId, streamType, expectedVersion, ids, types, data, metadata, cancellationToken);
        switch (row.Outcome)
        {
            case WrongVersion:
                throw new WrongExpectedVersionException(streamId, expectedVersion, row.Version);
            case Archived:
                throw new StreamArchivedException(streamId);
            case IdReused:
                throw new DuplicateEventIdException(streamId);
            case AlreadyAppended:
                return ToResult(streamId, row, alreadyAppended: true);
            case Appended:
                break;
            default:
                throw new InvalidOperationException($"append_events returned unknown outcome {row.Outcome}.");
        }

        if (transaction is not null)
        {
            var stored = new StoredEvent[events.Count];
            var firstVersion = row.Version - events.Count + 1;
            for (var i = 0; i < stored.Length; i++)
            {
                stored[i] = new StoredEvent(ids[i], streamId, firstVersion + i, row.Sequences[i], row.TransactionId,
                    types[i], events[i].Data, metadata, row.Timestamp);
            }

            foreach (var projection in _inlineProjections)
            {
                await projection.ApplyAsync(connection, transaction, stored, cancellationToken);
            }

            await transaction.CommitAsync(cancellationToken);
        }

        return ToResult(streamId, row, alreadyAppended: false);
    }

    private async Task<AppendRow> CallAppendAsync(
        NpgsqlConnection connection, NpgsqlTransaction? transaction, string streamId, string streamType,
        ExpectedVersion expectedVersion, Guid[] ids, string[] types, string[] data, EventMetadata metadata,
        CancellationToken cancellationToken)
    {
        await using var command = new NpgsqlCommand(_appendSql, connection, transaction)
        {
            Parameters =
            {
                new NpgsqlParameter<string> { TypedValue = streamId },
                new NpgsqlParameter<string> { TypedValue = streamType },
                new NpgsqlParameter<long> { TypedValue = expectedVersion.Value },
                new NpgsqlParameter<Guid[]> { TypedValue = ids },
                new NpgsqlParameter<string[]> { TypedValue = types },
                new NpgsqlParameter<string[]> { TypedValue = data, NpgsqlDbType = NpgsqlDbType.Array | NpgsqlDbType.Jsonb },
                new NpgsqlParameter<string>
                {
                    TypedValue = JsonSerializer.Serialize(metadata, EventTypeMap.SerializerOptions),
                    NpgsqlDbType = NpgsqlDbType.Jsonb,
                },
            },
        };

        try
        {
            await using var reader = await command.ExecuteReaderAsync(cancellationToken);
            await reader.ReadAsync(cancellationToken);
            var outcome = reader.GetInt32(0);
            return outcome is Appended or AlreadyAppended
                ? new AppendRow(outcome, reader.GetInt64(1), reader.GetFieldValue<long[]>(2),
                    reader.GetFieldValue<ulong>(3), reader.GetFieldValue<DateTimeOffset>(4))
                : new AppendRow(outcome, reader.IsDBNull(1) ? -1 : reader.GetInt64(1), [], 0, default);
        }
        catch (PostgresException e) when (e.SqlState == PostgresErrorCodes.UniqueViolation
            && e.ConstraintName is "events_stream_version_unique" or "streams_pkey" or "events_id_unique")
        {
            // The per-stream lock makes these unreachable for appends made through this store;
            // the constraints stay as the backstop, translated by name, never by message text.
            throw e.ConstraintName == "events_id_unique"
                ? new DuplicateEventIdException(streamId)
                : new WrongExpectedVersionException(streamId, expectedVersion, -1);
        }
    }

    private static AppendResult ToResult(string streamId, AppendRow row, bool alreadyAppended) =>
        new(streamId, row.Version, row.Sequences.Select(seq => new GlobalPosition(row.TransactionId, seq)).ToList(), alreadyAppended);

    private readonly record struct AppendRow(int Outcome, long Version, long[] Sequences, ulong TransactionId, DateTimeOffset Timestamp);
}
