using Joy.Application.EventStore;
using Npgsql;

namespace Joy.Application.Queries;

public sealed record InstanceCount(string StateMachine, string Status, long Count);

public sealed record ActorRunTimes(string Actor, long Runs, double P50Ms, double P90Ms, double P99Ms, long MaxMs);

/// <summary>A node's work inside the window: busy container-seconds, not yet divided by its capacity.</summary>
public sealed record NodeWork(string Node, long RunsStarted, long RunningNow, double BusySeconds);

public sealed record StatisticsData(
    IReadOnlyList<InstanceCount> Instances, IReadOnlyList<ActorRunTimes> Actors, IReadOnlyList<NodeWork> Nodes);

/// <summary>Aggregates over the query side's read models (percentile_cont in PostgreSQL).</summary>
public sealed class StatisticsQueries(NpgsqlDataSource dataSource, EventStoreOptions options)
{
    private readonly string _sql = SqlScripts.Get("Queries/Sql/statistics.sql", options.Schema);

    public async Task<StatisticsData> GetAsync(DateTimeOffset windowStart, CancellationToken cancellationToken = default)
    {
        await using var command = dataSource.CreateCommand(_sql);
        command.Parameters.Add(new NpgsqlParameter<DateTimeOffset>("since", windowStart.ToUniversalTime()));
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        var instances = new List<InstanceCount>();
        while (await reader.ReadAsync(cancellationToken))
        {
            instances.Add(new InstanceCount(reader.GetString(0), reader.GetString(1), reader.GetInt64(2)));
        }

        await reader.NextResultAsync(cancellationToken);
        var actors = new List<ActorRunTimes>();
        while (await reader.ReadAsync(cancellationToken))
        {
            actors.Add(new ActorRunTimes(reader.GetString(0), reader.GetInt64(1), reader.GetDouble(2), reader.GetDouble(3),
                reader.GetDouble(4), reader.GetInt64(5)));
        }

        await reader.NextResultAsync(cancellationToken);
        var nodes = new List<NodeWork>();
        while (await reader.ReadAsync(cancellationToken))
        {
            nodes.Add(new NodeWork(reader.GetString(0), reader.GetInt64(1), reader.GetInt64(2), reader.GetDouble(3)));
        }

        return new StatisticsData(instances, actors, nodes);
    }
}
