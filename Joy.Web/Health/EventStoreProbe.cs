using Joy.Application.EventStore;
using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace Joy.Web.Health;

/// <summary>
/// The event store as an operator sees it: the async daemon's high-water mark (how far the log and
/// the feed can be read) and Marten's own daemon health check (every async projection and
/// subscription within <c>Joy:EventStore:Health:MaxEventLag</c> events of the mark).
/// </summary>
public sealed class EventStoreProbe(HealthCheckService checks, MartenEventLog log)
{
    public async Task<EventStoreHealth> CheckAsync(CancellationToken cancellationToken)
    {
        var report = await checks.CheckHealthAsync(cancellationToken);
        var problems = report.Entries
            .Where(entry => entry.Value.Status != HealthStatus.Healthy)
            .Select(entry => $"{entry.Key}: {entry.Value.Description ?? entry.Value.Exception?.Message ?? entry.Value.Status.ToString()}")
            .ToList();
        var mark = await log.HighWaterMarkAsync(cancellationToken);
        return new EventStoreHealth(problems.Count == 0, mark.Sequence, problems.Count == 0 ? null : string.Join("; ", problems));
    }
}

/// <summary><see cref="HighWaterMark"/>: the last sequence number the log and the feed can be read up to.</summary>
public sealed record EventStoreHealth(bool Healthy, long HighWaterMark, string? Error);
