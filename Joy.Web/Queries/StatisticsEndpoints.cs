using Joy.Application.Security;
using Joy.Web.Security;
using System.Globalization;
using Joy.Application.Queries;
using Joy.Executor;
using Microsoft.AspNetCore.Http.HttpResults;

namespace Joy.Web.Queries;

/// <summary>
/// <c>GET /api/v1/Statistics?window=3600</c>: instances per state machine and status, actor run-time
/// percentiles, and per node utilisation over the window (busy container-seconds / (slots x window)).
/// </summary>
public static class StatisticsEndpoints
{
    public static IEndpointRouteBuilder MapStatistics(this IEndpointRouteBuilder endpoints)
    {
        endpoints.MapGet("/api/v1/Statistics", GetAsync).WithTags("Statistics").WithName("GetStatistics").RequireRole(Role.Reader);
        endpoints.MapGet("/api/v1/Statistics/RunsPerMinute", RunsPerMinuteAsync).WithTags("Statistics").WithName("GetRunsPerMinute").RequireRole(Role.Reader)
            .WithSummary("Runs ended per minute by outcome, with p50/p99 run time, over the last `minutes` (60)");
        return endpoints;
    }

    private static async Task<Results<Ok<StatisticsView>, ValidationProblem>> GetAsync(
        string? window, StatisticsQueries queries, ExecutorOptions executor, TimeProvider time, CancellationToken cancellationToken)
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
        var nodes = executor.Nodes.Keys.Union(work.Keys, StringComparer.Ordinal).Order(StringComparer.Ordinal).Select(name =>
        {
            var slots = executor.Nodes.TryGetValue(name, out var node) ? node.MaxRunningJobs : 0;
            var w = work.GetValueOrDefault(name) ?? new NodeWork(name, 0, 0, 0);
            var utilisation = slots == 0 ? 0 : Math.Round(w.BusySeconds / (slots * (double)seconds), 4);
            return new NodeUtilisation(name, slots, w.RunsStarted, w.RunningNow, Math.Round(w.BusySeconds, 3), utilisation);
        }).ToList();
        var byStatus = data.Instances.GroupBy(i => i.Status).ToDictionary(g => g.Key, g => g.Sum(i => i.Count));
        return TypedResults.Ok(new StatisticsView(start, end, data.Instances, byStatus, data.Actors, nodes));
    }

    private static async Task<Results<Ok<RunSeriesView>, ValidationProblem>> RunsPerMinuteAsync(
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
