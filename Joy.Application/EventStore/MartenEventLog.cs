using System.Text.Json;
using Npgsql;

namespace Joy.Application.EventStore;

/// <summary>
/// Reads Marten's <c>mt_events</c> as Joy's global log: in sequence order and only up to the async
/// daemon's high-water mark (<c>mt_event_progression</c>, row <c>HighWaterMark</c>). Below that mark
/// the daemon has proved the sequence complete: every number is an event or a gap it showed dead
/// (a rolled-back append), using transaction evidence and never skipping a gap that a live
/// transaction could still fill (see <see cref="MartenSetup"/>). So "after N" never skips an event
/// that commits late and never returns one twice. Raw SQL because the feed pushes its filters into
/// the same statement; rows become <see cref="StoredEvent"/>s through <see cref="EventTypeMap"/>.
/// </summary>
public sealed class MartenEventLog(NpgsqlDataSource dataSource, EventTypeMap types, EventStoreOptions options)
{
    /// <summary>The columns <see cref="Read"/> expects, in order, from <c>mt_events e</c>.</summary>
    public const string Columns =
        "e.id, e.stream_id, e.version, e.seq_id, e.type, e.data, e.correlation_id, e.causation_id, e.user_name, e.headers, e.timestamp, e.is_archived";

    public const int ColumnCount = 12;

    /// <summary>
    /// Marten fills the sequence numbers of a failed append with placeholder events in this stream,
    /// so the daemon need not wait the gap out; they are not Joy's events and no reader sees them.
    /// </summary>
    public const string TombstoneStream = "mt_tombstone";

    /// <summary>The high-water mark as a scalar subquery, for statements over <c>mt_events</c>.</summary>
    public string HighWaterSql =>
        $"coalesce((SELECT last_seq_id FROM {options.Schema}.mt_event_progression WHERE name = 'HighWaterMark'), 0)";

    public async Task<GlobalPosition> HighWaterMarkAsync(CancellationToken cancellationToken = default)
    {
        await using var command = dataSource.CreateCommand($"SELECT {HighWaterSql}");
        return new GlobalPosition((long)(await command.ExecuteScalarAsync(cancellationToken))!);
    }

    public async Task<ReadAllPage> ReadAllAsync(GlobalPosition after, int maxCount, bool includeArchived, CancellationToken cancellationToken)
    {
        // One statement: the page and "anything above the mark?" share a snapshot with the mark.
        await using var command = dataSource.CreateCommand(
            $"""
            WITH mark AS (SELECT {HighWaterSql} AS seq),
            page AS (
                SELECT {Columns} FROM {options.Schema}.mt_events e
                 WHERE e.seq_id > $1 AND e.seq_id <= (SELECT seq FROM mark) AND ($3 OR NOT e.is_archived)
                   AND e.stream_id <> '{TombstoneStream}'
                 ORDER BY e.seq_id LIMIT $2)
            SELECT page.*, EXISTS (SELECT 1 FROM {options.Schema}.mt_events h
                                    WHERE h.seq_id > greatest($1, (SELECT seq FROM mark)) AND h.stream_id <> '{TombstoneStream}')
              FROM (SELECT 1) AS one LEFT JOIN page ON true ORDER BY page.seq_id
            """);
        command.Parameters.Add(new NpgsqlParameter<long> { TypedValue = after.Sequence });
        command.Parameters.Add(new NpgsqlParameter<int> { TypedValue = maxCount });
        command.Parameters.Add(new NpgsqlParameter<bool> { TypedValue = includeArchived });
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        var events = new List<StoredEvent>();
        var heldBack = false;
        while (await reader.ReadAsync(cancellationToken))
        {
            heldBack = reader.GetBoolean(ColumnCount);
            if (!reader.IsDBNull(0))
            {
                events.Add(Read(reader));
            }
        }

        return new ReadAllPage(events, events.Count > 0 ? events[^1].Position : after, heldBack);
    }

    /// <summary>One row of <see cref="Columns"/>; an unregistered type's data stays a <see cref="JsonElement"/>.</summary>
    public StoredEvent Read(NpgsqlDataReader reader) => new(
        Id: reader.GetGuid(0),
        StreamId: reader.GetString(1),
        Version: reader.GetInt64(2),
        Sequence: reader.GetInt64(3),
        Type: reader.GetString(4),
        Data: types.Deserialize(reader.GetString(4), reader.GetString(5)),
        Metadata: new EventMetadata(
            reader.IsDBNull(6) ? null : reader.GetString(6),
            reader.IsDBNull(7) ? null : reader.GetString(7),
            reader.IsDBNull(8) ? null : reader.GetString(8),
            reader.IsDBNull(9) ? null : Headers(reader.GetString(9))),
        Timestamp: reader.GetFieldValue<DateTimeOffset>(10),
        IsArchived: !reader.IsDBNull(11) && reader.GetBoolean(11));

    private static Dictionary<string, string>? Headers(string json) =>
        JsonSerializer.Deserialize<Dictionary<string, JsonElement>>(json)?
            .ToDictionary(h => h.Key, h => h.Value.ValueKind == JsonValueKind.String ? h.Value.GetString()! : h.Value.GetRawText(), StringComparer.Ordinal);
}
