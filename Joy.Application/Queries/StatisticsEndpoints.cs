using System.Globalization;
using Joy.Application.Execution;
using Joy.Application.Security;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Wolverine.Http;

namespace Joy.Application.Queries;

public sealed record NodeUtilisation(string Node, int MaxRunningJobs, long RunsStarted, long RunningNow, double BusySeconds, double Utilisation);

public sealed record StatisticsView(
    DateTimeOffset WindowStart, DateTimeOffset WindowEnd,
    IReadOnlyList<InstanceCount> Instances,
    IReadOnlyDictionary<string, long> InstancesByStatus,
    IReadOnlyList<ActorRunTimes> Actors,
    IReadOnlyList<NodeUtilisation> Nodes);

public sealed record RunSeriesView(DateTimeOffset WindowStart, DateTimeOffset WindowEnd, IReadOnlyList<RunMinute> Minutes);

/// <summary>
/// <c>GET /api/v1/Statistics?window=3600</c>: instances per state machine and status, actor run-time
/// percentiles, and per node utilisation over the window (busy container-seconds / (slots x window)).
/// </summary>
[Tags("Statistics")]
public static class StatisticsEndpoints
{
    [WolverineGet("/api/v1/Statistics", OperationId = "GetStatistics"), RequiresRole(Role.Reader)]
    [EndpointSummary("Instances, actor run times and node utilisation over the last `window` seconds (3600)")]
    [EndpointDescription("Utilisation is busy container-seconds / (slots x window).")]
    public static async Task<Results<Ok<StatisticsView>, ValidationProblem>> Get(
        string? window, StatisticsQueries queries, INodeDirectory directory, TimeProvider time, CancellationToken cancellationToken)
    {
        var seconds = 3600;
        if (window is not null && (!int.TryParse(window, CultureInfo.InvariantCulture, out seconds) || seconds < 1 || seconds > 30 * 86400))
        {
            return TypedResults.ValidationProblem(new Dictionary<string, string[]>
            {
                ["window"] = ["window must be a number of seconds from 1 to 2592000 (30 days)."],
            });
        }

        var end = time.GetUtcNow();
        var start = end.AddSeconds(-seconds);
        var data = await queries.GetAsync(start, cancellationToken);
        var work = data.Nodes.ToDictionary(n => n.Node, StringComparer.Ordinal);
        // The configured nodes (with their slots) and any other node the log has runs on.
        var configured = directory.Nodes.ToDictionary(n => n.Name, n => n.MaxRunningJobs, StringComparer.Ordinal);
        var nodes = configured.Keys.Union(work.Keys, StringComparer.Ordinal).Order(StringComparer.Ordinal).Select(name =>
        {
            var slots = configured.GetValueOrDefault(name);
            var w = work.GetValueOrDefault(name) ?? new NodeWork(name, 0, 0, 0);
            var utilisation = slots == 0 ? 0 : Math.Round(w.BusySeconds / (slots * (double)seconds), 4);
            return new NodeUtilisation(name, slots, w.RunsStarted, w.RunningNow, Math.Round(w.BusySeconds, 3), utilisation);
        }).ToList();
        var byStatus = data.Instances.GroupBy(i => i.Status).ToDictionary(g => g.Key, g => g.Sum(i => i.Count));
        return TypedResults.Ok(new StatisticsView(start, end, data.Instances, byStatus, data.Actors, nodes));
    }

    [WolverineGet("/api/v1/Statistics/RunsPerMinute", OperationId = "GetRunsPerMinute"), RequiresRole(Role.Reader)]
    [EndpointSummary("Runs ended per minute by outcome, with p50/p99 run time, over the last `minutes` (60)")]
    [EndpointDescription("One entry per minute of the window.")]
    public static async Task<Results<Ok<RunSeriesView>, ValidationProblem>> RunsPerMinute(
        string? minutes, RunSeriesQueries queries, TimeProvider time, CancellationToken cancellationToken)
    {
        var count = 60;
        if (minutes is not null && (!int.TryParse(minutes, CultureInfo.InvariantCulture, out count) || count < 1 || count > 1440))
        {
            return TypedResults.ValidationProblem(new Dictionary<string, string[]>
            {
                ["minutes"] = ["minutes must be a number from 1 to 1440 (a day)."],
            });
        }

        var end = time.GetUtcNow();
        var start = end.AddMinutes(-count);
        return TypedResults.Ok(new RunSeriesView(start, end, await queries.GetAsync(start, cancellationToken)));
    }
}
