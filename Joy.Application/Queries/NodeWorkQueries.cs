using Joy.Application.EventStore;
using Npgsql;

namespace Joy.Application.Queries;

public sealed record RunOnNode(string Node, string RunId, string InstanceId, string Actor, string State, int Attempt,
    DateTimeOffset? Since, string? ContainerId);

public sealed record WaitingRun(int Priority, string RunId, string InstanceId, string Actor, string State, DateTimeOffset EnqueuedAt);

public sealed record NodeWorkData(IReadOnlyList<RunOnNode> Running, IReadOnlyList<WaitingRun> Waiting);

/// <summary>
/// What holds a node slot and what waits, from the dispatcher's tables (run_queue, instance_runs):
/// shared by every process, so the answer covers the whole cluster, not only this process's pool.
/// </summary>
public sealed class NodeWorkQueries(NpgsqlDataSource dataSource, EventStoreOptions options)
{
    private readonly string _sql = SqlScripts.Get("Queries/Sql/node_work.sql", options.Schema);

    public async Task<NodeWorkData> GetAsync(CancellationToken cancellationToken = default)
    {
        await using var command = dataSource.CreateCommand(_sql);
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        var running = new List<RunOnNode>();
        while (await reader.ReadAsync(cancellationToken))
        {
            running.Add(new RunOnNode(reader.GetString(0), reader.GetString(1), reader.GetString(2), reader.GetString(3),
                reader.GetString(4), reader.GetInt32(5), reader.IsDBNull(6) ? null : reader.GetFieldValue<DateTimeOffset>(6),
                reader.IsDBNull(7) ? null : reader.GetString(7)));
        }

        await reader.NextResultAsync(cancellationToken);
        var waiting = new List<WaitingRun>();
        while (await reader.ReadAsync(cancellationToken))
        {
            waiting.Add(new WaitingRun(reader.GetInt32(0), reader.GetString(1), reader.GetString(2), reader.GetString(3),
                reader.GetString(4), reader.GetFieldValue<DateTimeOffset>(5)));
        }

        return new NodeWorkData(running, waiting);
    }
}
