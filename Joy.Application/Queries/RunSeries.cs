using Joy.Application.EventStore;
using Npgsql;

namespace Joy.Application.Queries;

/// <summary>Runs that ended in one minute, by outcome, with that minute's run-time percentiles (null without timed runs).</summary>
public sealed record RunMinute(DateTimeOffset Minute, long Succeeded, long Failed, long Cancelled, double? P50Ms, double? P99Ms);

/// <summary>The dashboard's charts of runs per minute and p50/p99 run time, from the run summaries.</summary>
public sealed class RunSeriesQueries(NpgsqlDataSource dataSource, EventStoreOptions options)
{
    private readonly string _sql = SqlScripts.Get("Queries/Sql/run_series.sql", options.Schema);

    public async Task<IReadOnlyList<RunMinute>> GetAsync(DateTimeOffset since, CancellationToken cancellationToken = default)
    {
        await using var command = dataSource.CreateCommand(_sql);
        command.Parameters.Add(new NpgsqlParameter<DateTimeOffset>("since", since.ToUniversalTime()));
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        var minutes = new List<RunMinute>();
        while (await reader.ReadAsync(cancellationToken))
        {
            minutes.Add(new RunMinute(reader.GetFieldValue<DateTimeOffset>(0), reader.GetInt64(1), reader.GetInt64(2), reader.GetInt64(3),
                reader.IsDBNull(4) ? null : reader.GetDouble(4), reader.IsDBNull(5) ? null : reader.GetDouble(5)));
        }

        return minutes;
    }
}
