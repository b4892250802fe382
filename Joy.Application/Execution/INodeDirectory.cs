namespace Joy.Application.Execution;

/// <summary>
/// The configured nodes as the dispatcher sees them: capacity (seeded into the database's slots) and whether
/// this process can reach them now. Implemented by Joy.Executor's node pool.
/// </summary>
public interface INodeDirectory
{
    /// <summary>Completes once every node has been health-checked once.</summary>
    Task WaitReadyAsync(CancellationToken cancellationToken);

    IReadOnlyList<NodeCapacity> Nodes { get; }
}

public sealed record NodeCapacity(string Name, int MaxRunningJobs, bool Healthy);
