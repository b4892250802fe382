using Joy.Application.EventStore;
using Npgsql;

namespace Joy.Application.Projections;

/// <summary>
/// One row per stream in <c>stream_summaries</c>: its version, its last event's type, id and
/// time, and when its first event happened. Works inline or async; rebuildable.
/// </summary>
public sealed class StreamSummaryProjection(EventStoreOptions options) : IAsyncProjection
{
    private readonly string _applySql = SqlScripts.Get("Projections/Sql/stream_summaries_apply.sql", options.Schema);
    private readonly string _table = $"{options.Schema}.stream_summaries";

    public string Name => "stream-summaries";

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

    public async Task ResetAsync(NpgsqlConnection connection, NpgsqlTransaction transaction, CancellationToken cancellationToken)
    {
        await using var command = new NpgsqlCommand($"TRUNCATE {_table}", connection, transaction);
        await command.ExecuteNonQueryAsync(cancellationToken);
    }
}
