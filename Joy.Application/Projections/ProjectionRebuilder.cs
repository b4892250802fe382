using Joy.Application.EventStore;
using Joy.Application.Subscriptions;
using Npgsql;
using NpgsqlTypes;

namespace Joy.Application.Projections;

/// <summary>Rebuilds projections from zero, async or inline.</summary>
public sealed class ProjectionRebuilder(NpgsqlDataSource dataSource, SubscriptionCheckpoints checkpoints, EventTypeMap types, EventStoreOptions options)
{
    private const int PageSize = 1000;
    private readonly string _readLockedSql = SqlScripts.Get("EventStore/Sql/read_all_locked.sql", options.Schema);

    /// <summary>
    /// An async projection: in one transaction, resets its checkpoint to the start of the log and
    /// empties its read model. Whichever process runs its subscription then notices the checkpoint
    /// moved and replays the whole log into the empty read model.
    /// </summary>
    public async Task RebuildAsync(IAsyncProjection projection, CancellationToken cancellationToken = default)
    {
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
        // Checkpoint row first (waits for a batch in flight to commit), then the read model.
        await checkpoints.ResetAsync(connection, transaction, projection.Name, cancellationToken);
        await projection.ResetAsync(connection, transaction, cancellationToken);
        await transaction.CommitAsync(cancellationToken);
    }

    /// <summary>
    /// A projection registered inline: in one transaction that blocks appends meanwhile (SHARE lock
    /// on events, so the log cannot move under the replay), empties the read model and applies
    /// the whole log to it, append by append in log order, as the appends did. Returns how many events
    /// were replayed and the position of the last one.
    /// </summary>
    public async Task<(long Replayed, GlobalPosition Last)> RebuildInlineAsync(IAsyncProjection projection, CancellationToken cancellationToken = default)
    {
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
        await using (var lockEvents = new NpgsqlCommand($"LOCK TABLE {options.Schema}.events IN SHARE MODE", connection, transaction))
        {
            await lockEvents.ExecuteNonQueryAsync(cancellationToken);
        }

        await projection.ResetAsync(connection, transaction, cancellationToken);
        var after = GlobalPosition.Start;
        long replayed = 0;
        while (true)
        {
            var page = await ReadPageAsync(connection, transaction, after, cancellationToken);
            if (page.Count == 0)
            {
                break;
            }

            // An append's events reached inline projections together; keep those groups.
            foreach (var append in page.GroupBy(e => (e.TransactionId, e.StreamId)))
            {
                await projection.ApplyAsync(connection, transaction, append.ToList(), cancellationToken);
            }

            after = page[^1].Position;
            replayed += page.Count;
        }

        await transaction.CommitAsync(cancellationToken);
        return (replayed, after);
    }

    private async Task<List<StoredEvent>> ReadPageAsync(NpgsqlConnection connection, NpgsqlTransaction transaction, GlobalPosition after, CancellationToken cancellationToken)
    {
        await using var command = new NpgsqlCommand(_readLockedSql, connection, transaction)
        {
            Parameters =
            {
                new NpgsqlParameter<ulong> { TypedValue = after.TransactionId, NpgsqlDbType = NpgsqlDbType.Xid8 },
                new NpgsqlParameter<long> { TypedValue = after.Sequence },
                new NpgsqlParameter<int> { TypedValue = PageSize },
            },
        };
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        var events = new List<StoredEvent>();
        while (await reader.ReadAsync(cancellationToken))
        {
            events.Add(StoredEventReader.Read(reader, types));
        }

        return events;
    }
}
