using Joy.Application.EventStore;
using Npgsql;
using NpgsqlTypes;

namespace Joy.Application.Subscriptions;

/// <summary>The <c>subscriptions</c> table: each subscription's position in the global log.</summary>
public sealed class SubscriptionCheckpoints(NpgsqlDataSource dataSource, EventStoreOptions options)
{
    private readonly string _loadSql = SqlScripts.Get("Subscriptions/Sql/checkpoint_load.sql", options.Schema);
    private readonly string _advanceSql = SqlScripts.Get("Subscriptions/Sql/checkpoint_advance.sql", options.Schema);
    private readonly string _resetSql = SqlScripts.Get("Subscriptions/Sql/checkpoint_reset.sql", options.Schema);

    /// <summary>The checkpoint, created at the start of the log the first time it is asked for.</summary>
    public async Task<GlobalPosition> LoadAsync(string name, CancellationToken cancellationToken = default)
    {
        await using var command = dataSource.CreateCommand(_loadSql);
        command.Parameters.Add(new NpgsqlParameter<string> { TypedValue = name });
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        await reader.ReadAsync(cancellationToken);
        return new GlobalPosition(reader.GetFieldValue<ulong>(0), reader.GetInt64(1));
    }

    /// <summary>Moves the checkpoint from <paramref name="from"/> to <paramref name="to"/>; false if it was not at <paramref name="from"/>.</summary>
    public async Task<bool> TryAdvanceAsync(string name, GlobalPosition from, GlobalPosition to, CancellationToken cancellationToken = default)
    {
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        return await TryAdvanceAsync(connection, null, name, from, to, cancellationToken);
    }

    /// <summary>The same inside the caller's transaction (a projection's batch commits with its checkpoint).</summary>
    public async Task<bool> TryAdvanceAsync(
        NpgsqlConnection connection, NpgsqlTransaction? transaction, string name, GlobalPosition from, GlobalPosition to,
        CancellationToken cancellationToken = default)
    {
        await using var command = new NpgsqlCommand(_advanceSql, connection, transaction)
        {
            Parameters =
            {
                new NpgsqlParameter<string> { TypedValue = name },
                new NpgsqlParameter<ulong> { TypedValue = from.TransactionId, NpgsqlDbType = NpgsqlDbType.Xid8 },
                new NpgsqlParameter<long> { TypedValue = from.Sequence },
                new NpgsqlParameter<ulong> { TypedValue = to.TransactionId, NpgsqlDbType = NpgsqlDbType.Xid8 },
                new NpgsqlParameter<long> { TypedValue = to.Sequence },
            },
        };
        return await command.ExecuteNonQueryAsync(cancellationToken) == 1;
    }

    /// <summary>Back to the start of the log, in the caller's transaction (see ProjectionRebuilder).</summary>
    public async Task ResetAsync(NpgsqlConnection connection, NpgsqlTransaction? transaction, string name, CancellationToken cancellationToken = default)
    {
        await using var command = new NpgsqlCommand(_resetSql, connection, transaction);
        command.Parameters.Add(new NpgsqlParameter<string> { TypedValue = name });
        await command.ExecuteNonQueryAsync(cancellationToken);
    }
}
