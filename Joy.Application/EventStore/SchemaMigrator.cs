using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Npgsql;

namespace Joy.Application.EventStore;

/// <summary>
/// Applies the embedded migrations (<c>*/Schema/NNNN_name.sql</c> anywhere in Joy.Application,
/// ordered by file name) that <c>schema_migrations</c> does not list yet. Everything runs in one
/// transaction under a transaction-level advisory lock, so processes starting together take turns
/// and the later ones find nothing left to do; a failing migration leaves no trace.
/// Other features add their tables by adding a file with a fresh number (e.g. 0100_blobs.sql).
/// </summary>
public sealed class SchemaMigrator(NpgsqlDataSource dataSource, EventStoreOptions options, ILogger<SchemaMigrator>? logger = null)
{
    private readonly ILogger _logger = logger ?? NullLogger<SchemaMigrator>.Instance;

    public async Task MigrateAsync(CancellationToken cancellationToken = default)
    {
        options.Validate();
        var schema = options.Schema;
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken);

        await ExecuteAsync(connection, transaction, SqlScripts.Get("EventStore/Sql/migrations_prepare.sql", schema), cancellationToken);

        var applied = new HashSet<string>(StringComparer.Ordinal);
        await using (var select = new NpgsqlCommand($"SELECT id FROM {schema}.schema_migrations", connection, transaction))
        await using (var reader = await select.ExecuteReaderAsync(cancellationToken))
        {
            while (await reader.ReadAsync(cancellationToken))
            {
                applied.Add(reader.GetString(0));
            }
        }

        foreach (var (id, resourceName) in SqlScripts.Migrations().Where(m => !applied.Contains(m.Id)))
        {
            _logger.LogInformation("Applying migration {Migration} to schema {Schema}", id, schema);
            await ExecuteAsync(connection, transaction, SqlScripts.LoadResource(resourceName, schema), cancellationToken);
            await using var record = new NpgsqlCommand($"INSERT INTO {schema}.schema_migrations (id) VALUES ($1)", connection, transaction);
            record.Parameters.Add(new NpgsqlParameter { Value = id });
            await record.ExecuteNonQueryAsync(cancellationToken);
        }

        await transaction.CommitAsync(cancellationToken);
    }

    private static async Task ExecuteAsync(NpgsqlConnection connection, NpgsqlTransaction transaction, string sql, CancellationToken cancellationToken)
    {
        await using var command = new NpgsqlCommand(sql, connection, transaction);
        await command.ExecuteNonQueryAsync(cancellationToken);
    }
}
