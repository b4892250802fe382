namespace Joy.Application.Execution;

/// <summary>
/// The configured nodes with their health as this process sees them, for the DockerNode API.
/// Implemented by Joy.Executor's node pool.
/// </summary>
public interface INodeMonitor
{
    Task<IReadOnlyList<NodeHealthView>> GetAsync(CancellationToken cancellationToken);
}

/// <summary>
/// One node: where it is, its runner image, its health, its slots and how many of them this
/// process holds (<see cref="RunningHere"/>; other replicas' runs are in the dispatcher tables).
/// </summary>
public sealed record NodeHealthView(
    string Name, string Address, string Image, bool Healthy, string? LastError, DateTimeOffset? LastCheckedAt,
    int MaxRunningJobs, int RunningHere);
