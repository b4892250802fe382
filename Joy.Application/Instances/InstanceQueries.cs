using System.Text.Json;
using System.Text.Json.Nodes;
using Joy.Application.EventStore;
using Joy.Domain;
using Npgsql;

namespace Joy.Application.Instances;

/// <summary>Reads the instance read models (written inline with the events, so they are never behind a command).</summary>
public sealed class InstanceQueries(NpgsqlDataSource dataSource, EventStoreOptions options)
{
    private string Sql(string name) => SqlScripts.Get($"Instances/Sql/{name}.sql", options.Schema);

    public async Task<InstanceView?> GetAsync(string id, CancellationToken cancellationToken = default)
    {
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        await using var command = new NpgsqlCommand(Sql("instance_get"), connection) { Parameters = { new() { Value = id } } };
        InstanceView view;
        await using (var r = await command.ExecuteReaderAsync(cancellationToken))
        {
            if (!await r.ReadAsync(cancellationToken))
            {
                return null;
            }

            view = new InstanceView(r.GetString(0), r.GetString(1), r.GetInt32(2), r.GetString(3), r.GetFieldValue<string[]>(4),
                Json(r, 5), Json(r, 6), Text(r, 7), Text(r, 8), r.GetInt32(9), Json(r, 10),
                r.GetFieldValue<DateTimeOffset>(11), Time(r, 12), Time(r, 13), Text(r, 14), []);
        }

        return view with { Runs = await RunsAsync(connection, id, cancellationToken) };
    }

    public async Task<string?> FindByIdempotencyKeyAsync(string key, CancellationToken cancellationToken = default)
    {
        await using var command = dataSource.CreateCommand(Sql("instance_by_key"));
        command.Parameters.Add(new() { Value = key });
        return await command.ExecuteScalarAsync(cancellationToken) as string;
    }

    private async Task<IReadOnlyList<RunView>> RunsAsync(NpgsqlConnection connection, string id, CancellationToken cancellationToken)
    {
        await using var command = new NpgsqlCommand(Sql("instance_runs_get"), connection) { Parameters = { new() { Value = id } } };
        await using var r = await command.ExecuteReaderAsync(cancellationToken);
        var runs = new List<RunView>();
        while (await r.ReadAsync(cancellationToken))
        {
            runs.Add(new RunView(r.GetString(0), r.GetString(1), r.GetInt32(2), r.GetString(3), r.GetString(4), Text(r, 5), Text(r, 6),
                Files(r, 7), Files(r, 8), Long(r, 9), Bool(r, 10), Bool(r, 11), Text(r, 19), Long(r, 12), Long(r, 20), Long(r, 21), Long(r, 22),
                Text(r, 13), Text(r, 14), Text(r, 15), r.GetFieldValue<DateTimeOffset>(16), Time(r, 17), Time(r, 18)));
        }

        return runs;
    }

    private static string? Text(NpgsqlDataReader r, int i) => r.IsDBNull(i) ? null : r.GetString(i);

    private static long? Long(NpgsqlDataReader r, int i) => r.IsDBNull(i) ? null : r.GetInt64(i);

    private static bool? Bool(NpgsqlDataReader r, int i) => r.IsDBNull(i) ? null : r.GetBoolean(i);

    private static DateTimeOffset? Time(NpgsqlDataReader r, int i) => r.IsDBNull(i) ? null : r.GetFieldValue<DateTimeOffset>(i);

    private static JsonNode? Json(NpgsqlDataReader r, int i) => r.IsDBNull(i) ? null : JsonNode.Parse(r.GetString(i));

    private static IReadOnlyList<FileRef> Files(NpgsqlDataReader r, int i) =>
        r.IsDBNull(i) ? [] : JsonSerializer.Deserialize<List<FileRef>>(r.GetString(i), DomainJson.Options) ?? [];
}
