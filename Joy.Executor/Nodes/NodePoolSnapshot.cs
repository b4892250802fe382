namespace Joy.Executor.Nodes;

/// <summary>What every node runs and what waits, at one moment (for the DockerNode API).</summary>
public sealed record NodePoolSnapshot(IReadOnlyList<NodeStatus> Nodes, IReadOnlyList<QueuedRun> Queue);

public sealed record NodeStatus(
    string Name,
    string Address,
    bool Healthy,
    string? LastError,
    DateTimeOffset? LastCheckedAt,
    int MaxRunningJobs,
    IReadOnlyList<RunningJob> Running);

public sealed record RunningJob(string RunId, string? ContainerId, DateTimeOffset Since);

public sealed record QueuedRun(string RunId, int Priority, DateTimeOffset Since);
