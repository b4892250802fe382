using Microsoft.Extensions.Diagnostics.HealthChecks;
using Npgsql;

namespace Joy.Application.EventStore;

/// <summary>
/// The high-water mark is stuck when committed events wait above it and it has not moved for
/// <see cref="EventStoreHealthLimits.HighWaterStaleThreshold"/>: a writer holding its transaction
/// open on a taken sequence number, or no process running the daemon. Marten's own high-water
/// check asserts nothing when Wolverine runs the daemon (its mode is then externally managed, and
/// a store without per-tenant partitions gives it no signal), so Joy watches the mark itself: each
/// probe reads it with the highest committed event, and remembers since when it has stood still.
/// One instance per process (a singleton), like the probes that feed it.
/// </summary>
public sealed class StuckHighWaterCheck(NpgsqlDataSource dataSource, EventStoreOptions options, TimeProvider time) : IHealthCheck
{
    private readonly Lock _lock = new();
    private (long Mark, long Since) _standing = (-1, 0);

    public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        var schema = options.Schema;
        await using var command = dataSource.CreateCommand(
            $"""
            SELECT coalesce((SELECT last_seq_id FROM {schema}.mt_event_progression WHERE name = 'HighWaterMark'), 0),
                   (SELECT coalesce(max(seq_id), 0) FROM {schema}.mt_events WHERE stream_id <> '{MartenEventLog.TombstoneStream}')
            """);
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        await reader.ReadAsync(cancellationToken);
        var (mark, highest) = (reader.GetInt64(0), reader.GetInt64(1));

        TimeSpan still;
        lock (_lock)
        {
            if (_standing.Mark != mark)
            {
                _standing = (mark, time.GetTimestamp());
            }

            still = time.GetElapsedTime(_standing.Since);
        }

        var threshold = options.Health.HighWaterStaleThreshold;
        return highest > mark && still > threshold
            ? HealthCheckResult.Unhealthy(
                $"the high-water mark has stood at {mark} for {still.TotalSeconds:0} s (more than {threshold.TotalSeconds:0} s) with events up to {highest} waiting above it")
            : HealthCheckResult.Healthy($"high-water mark {mark}");
    }
}
