using Joy.Application.EventStore;
using Npgsql;

namespace Joy.Application.Projections;

/// <summary>
/// Rebuilds a projection that Marten runs inline. Marten's own rebuild replays through the daemon
/// in batches, each its own transaction, while appends go on: readers would see a half-built read
/// model and an append could race the replay. Joy's inline read models answer the GET right after
/// a command, so they are rebuilt in one transaction instead (async projections use the daemon's
/// rebuild, see <see cref="Queries.ProjectionAdmin"/>).
/// </summary>
public sealed class ProjectionRebuilder(NpgsqlDataSource dataSource, MartenEventLog log, EventStoreOptions options)
{
    private const int PageSize = 1000;

    /// <summary>
    /// In one transaction that blocks appends meanwhile (SHARE lock on <c>mt_events</c>, so the log
    /// cannot move under the replay), empties the read model with DELETE (readers keep seeing the old
    /// rows until the commit; TRUNCATE would block them) and applies the whole log to it, a stream's
    /// run of events at a time, in log order, as the appends did. Returns how many events were
    /// replayed and the position of the last one.
    /// </summary>
    public async Task<(long Replayed, GlobalPosition Last)> RebuildInlineAsync(IAsyncProjection projection, CancellationToken cancellationToken = default)
    {
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
        var reset = string.Concat(projection.Tables.Select(table => $"DELETE FROM {table};"));
        await using (var prepare = new NpgsqlCommand($"LOCK TABLE {options.Schema}.mt_events IN SHARE MODE; {reset}", connection, transaction))
        {
            await prepare.ExecuteNonQueryAsync(cancellationToken);
        }

        var after = GlobalPosition.Start;
        long replayed = 0;
        while (true)
        {
            var page = await ReadPageAsync(connection, transaction, after, cancellationToken);
            if (page.Count == 0)
            {
                break;
            }

            foreach (var run in RunsOfOneStream(page))
            {
                await projection.ApplyAsync(connection, transaction, run, cancellationToken);
            }

            after = page[^1].Position;
            replayed += page.Count;
        }

        await transaction.CommitAsync(cancellationToken);
        return (replayed, after);
    }

    private async Task<List<StoredEvent>> ReadPageAsync(NpgsqlConnection connection, NpgsqlTransaction transaction, GlobalPosition after, CancellationToken cancellationToken)
    {
        // Under the SHARE lock nothing is being appended, so every committed event is here: no mark needed.
        await using var command = new NpgsqlCommand(
            $"SELECT {MartenEventLog.Columns} FROM {options.Schema}.mt_events e " +
            $"WHERE e.seq_id > $1 AND e.stream_id <> '{MartenEventLog.TombstoneStream}' ORDER BY e.seq_id LIMIT $2",
            connection, transaction)
        {
            Parameters =
            {
                new NpgsqlParameter<long> { TypedValue = after.Sequence },
                new NpgsqlParameter<int> { TypedValue = PageSize },
            },
        };
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        var events = new List<StoredEvent>();
        while (await reader.ReadAsync(cancellationToken))
        {
            events.Add(log.Read(reader));
        }

        return events;
    }

    private static IEnumerable<List<StoredEvent>> RunsOfOneStream(List<StoredEvent> page)
    {
        var run = new List<StoredEvent>();
        foreach (var stored in page)
        {
            if (run.Count > 0 && run[^1].StreamId != stored.StreamId)
            {
                yield return run;
                run = [];
            }

            run.Add(stored);
        }

        yield return run;
    }
}
