using System.Text.Json.Nodes;
using Npgsql;
using NpgsqlTypes;

namespace Joy.Application.Projections;

/// <summary>
/// One statement of a projection's batch: its SQL and positional parameters, where null is SQL NULL
/// and <see cref="Jsonb"/> (from <see cref="Json"/>) is a jsonb value.
/// </summary>
public static class ProjectionCommand
{
    public static NpgsqlBatchCommand Create(string sql, params object?[] values)
    {
        var command = new NpgsqlBatchCommand(sql);
        foreach (var value in values)
        {
            command.Parameters.Add(value switch
            {
                Jsonb json => new NpgsqlParameter { Value = (object?)json.Text ?? DBNull.Value, NpgsqlDbType = NpgsqlDbType.Jsonb },
                null => new NpgsqlParameter { Value = DBNull.Value },
                _ => new NpgsqlParameter { Value = value },
            });
        }

        return command;
    }

    public static Jsonb Json(JsonNode? node) => new(node?.ToJsonString());

    /// <summary>Runs <paramref name="commands"/> as one batch in the caller's transaction: one round trip, none when empty.</summary>
    public static async Task ExecuteAsync(
        NpgsqlConnection connection, NpgsqlTransaction transaction, IEnumerable<NpgsqlBatchCommand> commands, CancellationToken cancellationToken)
    {
        await using var batch = new NpgsqlBatch(connection, transaction);
        foreach (var command in commands)
        {
            batch.BatchCommands.Add(command);
        }

        if (batch.BatchCommands.Count > 0)
        {
            await batch.ExecuteNonQueryAsync(cancellationToken);
        }
    }

    /// <summary>A jsonb parameter; null text is SQL NULL.</summary>
    public sealed record Jsonb(string? Text);
}
