using Joy.Application.Subscriptions;
using Npgsql;

namespace Joy.Application.Projections;

/// <summary>
/// Rebuilds an async projection from zero: in one transaction, resets its checkpoint to the start
/// of the log and empties its read model. Whichever process runs the projection's subscription
/// then notices the checkpoint moved and replays the whole log into the empty read model.
/// </summary>
public sealed class ProjectionRebuilder(NpgsqlDataSource dataSource, SubscriptionCheckpoints checkpoints)
{
    public async Task RebuildAsync(IAsyncProjection projection, CancellationToken cancellationToken = default)
    {
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
        // Checkpoint row first (waits for a batch in flight to commit), then the read model.
        await checkpoints.ResetAsync(connection, transaction, projection.Name, cancellationToken);
        await projection.ResetAsync(connection, transaction, cancellationToken);
        await transaction.CommitAsync(cancellationToken);
    }
}
