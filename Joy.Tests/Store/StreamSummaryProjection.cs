using Joy.Application.EventStore;
using Joy.Application.Projections;
using Npgsql;

namespace Joy.Tests.Store;

/// <summary>
/// A test read model: one row per stream in <c>stream_summaries</c> with its version, its last
/// event's type, id and time, and when its first event happened. Works inline or async.
/// </summary>
public sealed class StreamSummaryProjection(EventStoreOptions options) : IAsyncProjection
{
    // One row per stream of the batch (its latest event), upserted. Only a newer version wins, so
    // a batch applied twice, or out of order, leaves the row as it was: idempotent.
    private readonly string _applySql = $"""
        INSERT INTO {options.Schema}.stream_summaries AS s (stream_id, version, last_event_type, first_event_at, last_event_at, last_event_id)
        SELECT * FROM unnest($1::text[], $2::bigint[], $3::text[], $4::timestamptz[], $5::timestamptz[], $6::uuid[])
        ON CONFLICT (stream_id) DO UPDATE
           SET version = excluded.version, last_event_type = excluded.last_event_type,
               last_event_at = excluded.last_event_at, last_event_id = excluded.last_event_id
         WHERE s.version < excluded.version
        """;

    public string Name => "stream-summaries";

    public IReadOnlyList<string> Tables => [$"{options.Schema}.stream_summaries"];

    public static string CreateTableSql(string schema) => $"""
        CREATE TABLE IF NOT EXISTS {schema}.stream_summaries (
            stream_id text PRIMARY KEY, version bigint NOT NULL, last_event_type text NOT NULL,
            first_event_at timestamptz NOT NULL, last_event_at timestamptz NOT NULL, last_event_id uuid NOT NULL)
        """;

    public async Task ApplyAsync(NpgsqlConnection connection, NpgsqlTransaction transaction, IReadOnlyList<StoredEvent> events, CancellationToken cancellationToken)
    {
        // The batch is in log order, which keeps each stream's versions ascending.
        var byStream = events.GroupBy(e => e.StreamId, StringComparer.Ordinal)
            .Select(g => (First: g.First(), Last: g.Last()))
            .ToList();
        if (byStream.Count == 0)
        {
            return;
        }

        await using var command = new NpgsqlCommand(_applySql, connection, transaction)
        {
            Parameters =
            {
                new NpgsqlParameter<string[]> { TypedValue = byStream.Select(s => s.Last.StreamId).ToArray() },
                new NpgsqlParameter<long[]> { TypedValue = byStream.Select(s => s.Last.Version).ToArray() },
                new NpgsqlParameter<string[]> { TypedValue = byStream.Select(s => s.Last.Type).ToArray() },
                new NpgsqlParameter<DateTimeOffset[]> { TypedValue = byStream.Select(s => s.First.Timestamp).ToArray() },
                new NpgsqlParameter<DateTimeOffset[]> { TypedValue = byStream.Select(s => s.Last.Timestamp).ToArray() },
                new NpgsqlParameter<Guid[]> { TypedValue = byStream.Select(s => s.Last.Id).ToArray() },
            },
        };
        await command.ExecuteNonQueryAsync(cancellationToken);
    }
}
