using Joy.Application.Execution;

namespace Joy.Executor.Nodes;

/// <summary>The node pool's configuration and health, for the dispatcher in Joy.Application.</summary>
public sealed class NodePoolDirectory(NodePool pool) : INodeDirectory
{
    public Task WaitReadyAsync(CancellationToken cancellationToken) => pool.FirstHealthCheck.WaitAsync(cancellationToken);

    public IReadOnlyList<NodeCapacity> Nodes =>
        pool.Nodes.Select(node => new NodeCapacity(node.Name, node.Options.MaxRunningJobs, node.IsHealthy)).ToList();
}
