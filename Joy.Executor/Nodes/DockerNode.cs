using Joy.Executor.Docker;

namespace Joy.Executor.Nodes;

/// <summary>One configured node: its client, its health and the runs it holds. State is guarded by the pool's lock.</summary>
public sealed class DockerNode : IDisposable
{
    internal DockerNode(string name, NodeOptions options)
    {
        Name = name;
        Options = options;
        Client = new DockerNodeClient(name, options);
    }

    public string Name { get; }

    public NodeOptions Options { get; }

    /// <summary>Docker.DotNet's client for this node, created once.</summary>
    public DockerNodeClient Client { get; }

    /// <summary>False until the first successful ping, and after it stops answering.</summary>
    public bool IsHealthy { get; internal set; }

    public string? LastError { get; internal set; }

    public DateTimeOffset? LastCheckedAt { get; internal set; }

    internal int ConsecutiveFailures { get; set; }

    internal Dictionary<string, NodeLease> Leases { get; } = [];

    public void Dispose() => Client.Dispose();
}

/// <summary>
/// A slot on a node held by one run. <see cref="Lost"/> fires when the node is drained; disposing frees
/// the slot and lets the next waiting run in.
/// </summary>
public sealed class NodeLease : IDisposable
{
    private readonly NodePool _pool;
    private readonly CancellationTokenSource _lost = new();
    private int _released;

    internal NodeLease(NodePool pool, DockerNode node, string runId, DateTimeOffset since)
    {
        _pool = pool;
        Node = node;
        RunId = runId;
        Since = since;
    }

    public DockerNode Node { get; }

    public string RunId { get; }

    public DateTimeOffset Since { get; }

    /// <summary>Set once the run's container exists, for the snapshot.</summary>
    public string? ContainerId { get; set; }

    public CancellationToken Lost => _lost.Token;

    public bool IsLost => _lost.IsCancellationRequested;

    // The source is never disposed: a drain racing with the release must not throw.
    internal void MarkLost() => _lost.Cancel();

    public void Dispose()
    {
        if (Interlocked.Exchange(ref _released, 1) == 0)
        {
            _pool.Release(this);
        }
    }
}
