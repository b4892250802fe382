using Joy.Application.EventStore;
using Joy.Application.Subscriptions;
using Microsoft.Extensions.DependencyInjection;
using Npgsql;

namespace Joy.Application.Projections;

/// <summary>
/// Applies a batch and moves the checkpoint in one transaction. The checkpoint row is updated
/// (and so locked) first: a rebuild locks the same row first too, so the two never deadlock, and
/// a batch that lost the race against a reset finds the checkpoint moved and rolls back.
/// </summary>
public sealed class ProjectionBatchProcessor(IAsyncProjection projection, NpgsqlDataSource dataSource, SubscriptionCheckpoints checkpoints)
    : IBatchProcessor
{
    public string Name => projection.Name;

    public static ProjectionBatchProcessor Create(IServiceProvider services, IAsyncProjection projection) => new(
        projection, services.GetRequiredService<NpgsqlDataSource>(), services.GetRequiredService<SubscriptionCheckpoints>());

    public async Task<bool> ProcessAsync(IReadOnlyList<StoredEvent> events, GlobalPosition from, GlobalPosition to, CancellationToken cancellationToken)
    {
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
        if (!await checkpoints.TryAdvanceAsync(connection, transaction, projection.Name, from, to, cancellationToken))
        {
            return false; // disposing rolls back
        }

        await projection.ApplyAsync(connection, transaction, events, cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        return true;
    }
}
