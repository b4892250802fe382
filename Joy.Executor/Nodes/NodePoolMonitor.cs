using Joy.Application.Execution;

namespace Joy.Executor.Nodes;

/// <summary>The pool's view of its nodes; before its first health check, a live probe's.</summary>
public sealed class NodePoolMonitor(NodePool pool, NodeProbe probe, ExecutorOptions options) : INodeMonitor
{
    private static readonly TimeSpan ProbeTimeout = TimeSpan.FromSeconds(2);

    public async Task<IReadOnlyList<NodeHealthView>> GetAsync(CancellationToken cancellationToken)
    {
        var snapshot = pool.GetSnapshot();
        // The pool's own checks start with its first run; until then ask the nodes directly.
        var probed = snapshot.Nodes.Any(n => n.LastCheckedAt is null)
            ? (await probe.ProbeAllAsync(ProbeTimeout, cancellationToken)).ToDictionary(h => h.Name, StringComparer.Ordinal)
            : [];
        return snapshot.Nodes.Select(node =>
        {
            var image = options.Nodes.TryGetValue(node.Name, out var configured) ? configured.Image : "";
            var (healthy, error) = node.LastCheckedAt is null && probed.TryGetValue(node.Name, out var health)
                ? (health.IsHealthy, health.Error)
                : (node.Healthy, node.LastError);
            return new NodeHealthView(node.Name, node.Address, image, healthy, error, node.LastCheckedAt, node.MaxRunningJobs, node.Running.Count);
        }).ToList();
    }
}
