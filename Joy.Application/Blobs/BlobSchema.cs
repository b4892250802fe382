using Microsoft.Extensions.Hosting;
using Npgsql;

namespace Joy.Application.Blobs;

/// <summary>
/// Creates the blob tables if they are missing. Several service processes may start at once, so
/// the DDL runs under a transaction-scoped advisory lock.
/// </summary>
public static class BlobSchema
{
    // Arbitrary, fixed: identifies "blob schema DDL" among the advisory locks of this database.
    private const long AdvisoryLockKey = 0x4A6F79426C6F6273; // "JoyBlobs"

    public static async Task EnsureAsync(NpgsqlDataSource dataSource, CancellationToken cancellationToken = default)
    {
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
        await using (var lockCommand = new NpgsqlCommand("SELECT pg_advisory_xact_lock($1)", connection, transaction))
        {
            lockCommand.Parameters.Add(new NpgsqlParameter { Value = AdvisoryLockKey });
            await lockCommand.ExecuteNonQueryAsync(cancellationToken);
        }

        await using (var ddl = new NpgsqlCommand(BlobSql.Schema, connection, transaction))
        {
            await ddl.ExecuteNonQueryAsync(cancellationToken);
        }

        await transaction.CommitAsync(cancellationToken);
    }
}

/// <summary>Applies <see cref="BlobSchema"/> before the host starts serving requests.</summary>
internal sealed class BlobSchemaInitializer(NpgsqlDataSource dataSource) : IHostedService
{
    public Task StartAsync(CancellationToken cancellationToken) => BlobSchema.EnsureAsync(dataSource, cancellationToken);

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}
