using Joy.Application.Execution;
using Joy.Application.Security;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Wolverine.Http;

namespace Joy.Application.Queries;

public sealed record DockerNodeView(
    string Name, string Address, string Image, bool Healthy, string? LastError, DateTimeOffset? LastCheckedAt,
    int MaxRunningJobs, int RunningJobs, double Load, IReadOnlyList<RunOnNode> Running);

public sealed record WaitingTasksView(int Total, IReadOnlyList<WaitingPriorityView> ByPriority);

public sealed record WaitingPriorityView(int Priority, int Count, IReadOnlyList<WaitingRun> Runs);

/// <summary>
/// <c>/api/v1/DockerNode</c>: the nodes (configuration and health from this process's pool) with the
/// runs holding their slots and the runs waiting for one (from the shared dispatcher tables).
/// </summary>
[Tags("DockerNode")]
public static class DockerNodeEndpoints
{
    [WolverineGet("/api/v1/DockerNode/All", OperationId = "ListDockerNodes"), RequiresRole(Role.Reader)]
    [EndpointSummary("List the nodes"), EndpointDescription("Each with its image, health, slots, load and the runs holding its slots.")]
    public static async Task<Ok<List<DockerNodeView>>> All(INodeMonitor monitor, NodeWorkQueries work, CancellationToken cancellationToken)
    {
        var nodes = await monitor.GetAsync(cancellationToken);
        var running = (await work.GetAsync(cancellationToken)).Running.ToLookup(r => r.Node, StringComparer.Ordinal);
        return TypedResults.Ok(nodes.Select(node =>
        {
            var runs = running[node.Name].ToList();
            // Whichever knows more: the shared tables (every replica) or this process's pool.
            var count = Math.Max(runs.Count, node.RunningHere);
            return new DockerNodeView(node.Name, node.Address, node.Image, node.Healthy, node.LastError, node.LastCheckedAt,
                node.MaxRunningJobs, count, node.MaxRunningJobs == 0 ? 0 : Math.Round((double)count / node.MaxRunningJobs, 3), runs);
        }).ToList());
    }

    [WolverineGet("/api/v1/DockerNode/WaitingTasks", OperationId = "ListWaitingTasks"), RequiresRole(Role.Reader)]
    [EndpointSummary("List the runs waiting for a slot"), EndpointDescription("Grouped by priority, highest first.")]
    public static async Task<Ok<WaitingTasksView>> Waiting(NodeWorkQueries work, CancellationToken cancellationToken)
    {
        var waiting = (await work.GetAsync(cancellationToken)).Waiting;
        return TypedResults.Ok(new WaitingTasksView(waiting.Count, waiting
            .GroupBy(w => w.Priority)
            .OrderByDescending(g => g.Key)
            .Select(g => new WaitingPriorityView(g.Key, g.Count(), g.ToList()))
            .ToList()));
    }
}
