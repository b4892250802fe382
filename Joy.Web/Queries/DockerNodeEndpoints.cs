using Joy.Application.Security;
using Joy.Web.Security;
using Joy.Application.Queries;
using Joy.Executor;
using Joy.Executor.Nodes;
using Microsoft.AspNetCore.Http.HttpResults;

namespace Joy.Web.Queries;

/// <summary>
/// <c>/api/v1/DockerNode</c>: the nodes (configuration and health from this process's pool) with the
/// runs holding their slots and the runs waiting for one (from the shared dispatcher tables).
/// </summary>
public static class DockerNodeEndpoints
{
    public static IEndpointRouteBuilder MapDockerNodes(this IEndpointRouteBuilder endpoints)
    {
        var group = endpoints.MapGroup("/api/v1/DockerNode").WithTags("DockerNode");
        group.MapGet("/All", AllAsync).WithName("ListDockerNodes").RequireRole(Role.Reader);
        group.MapGet("/WaitingTasks", WaitingAsync).WithName("ListWaitingTasks").RequireRole(Role.Reader);
        return endpoints;
    }

    private static async Task<Ok<List<DockerNodeView>>> AllAsync(
        NodePool pool, NodeProbe probe, ExecutorOptions options, NodeWorkQueries work, CancellationToken cancellationToken)
    {
        var snapshot = pool.GetSnapshot();
        // The pool's own checks start with its first run; until then ask the nodes directly.
        var probed = snapshot.Nodes.Any(n => n.LastCheckedAt is null)
            ? (await probe.ProbeAllAsync(TimeSpan.FromSeconds(2), cancellationToken)).ToDictionary(h => h.Name, StringComparer.Ordinal)
            : [];
        var running = (await work.GetAsync(cancellationToken)).Running.ToLookup(r => r.Node, StringComparer.Ordinal);
        return TypedResults.Ok(snapshot.Nodes.Select(node =>
        {
            var runs = running[node.Name].ToList();
            var count = Math.Max(runs.Count, node.Running.Count);
            var image = options.Nodes.TryGetValue(node.Name, out var configured) ? configured.Image : "";
            var (healthy, error) = node.LastCheckedAt is null && probed.TryGetValue(node.Name, out var health)
                ? (health.IsHealthy, health.Error)
                : (node.Healthy, node.LastError);
            return new DockerNodeView(node.Name, node.Address, image, healthy, error, node.LastCheckedAt,
                node.MaxRunningJobs, count, node.MaxRunningJobs == 0 ? 0 : Math.Round((double)count / node.MaxRunningJobs, 3), runs);
        }).ToList());
    }

    private static async Task<Ok<WaitingTasksView>> WaitingAsync(NodeWorkQueries work, CancellationToken cancellationToken)
    {
        var waiting = (await work.GetAsync(cancellationToken)).Waiting;
        return TypedResults.Ok(new WaitingTasksView(waiting.Count, waiting
            .GroupBy(w => w.Priority)
            .OrderByDescending(g => g.Key)
            .Select(g => new WaitingPriorityView(g.Key, g.Count(), g.ToList()))
            .ToList()));
    }
}
