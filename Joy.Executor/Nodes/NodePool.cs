using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace Joy.Executor.Nodes;

/// <summary>
/// The configured nodes, their health and their slots. Runs acquire a <see cref="NodeLease"/> (least-loaded
/// healthy node with room) or wait in a queue ordered by priority then age; a node never holds more than
/// its MaxRunningJobs. Placement rules live in <see cref="Placement"/>; this class only keeps the state.
/// </summary>
public sealed partial class NodePool : IAsyncDisposable
{
    private readonly Lock _lock = new();
    private readonly SortedDictionary<(int Priority, long Sequence), Waiter> _queue = new(Placement.QueueOrder);
    private readonly ExecutorOptions _options;
    private readonly TimeProvider _time;
    private readonly ILogger _logger;
    private long _sequence;

    public NodePool(ExecutorOptions options, ILogger<NodePool>? logger = null, TimeProvider? time = null)
    {
        _options = options;
        _time = time ?? TimeProvider.System;
        _logger = logger ?? NullLogger<NodePool>.Instance;
        Nodes = options.Nodes.Select(pair => new DockerNode(pair.Key, pair.Value)).ToList();
        _healthLoop = Task.Run(() => HealthLoopAsync(_stopping.Token));
    }

    public IReadOnlyList<DockerNode> Nodes { get; }

    public DockerNode? FindNode(string name) => Nodes.FirstOrDefault(node => node.Name == name);

    /// <summary>Waits for a slot; the lease is the run's until disposed.</summary>
    public Task<NodeLease> AcquireAsync(PlacementRequest request, CancellationToken cancellationToken = default)
    {
        var waiter = new Waiter(request, _time.GetUtcNow());
        lock (_lock)
        {
            _queue.Add((request.Priority, _sequence++), waiter);
            DispatchLocked();
        }

        if (!waiter.Completion.Task.IsCompleted && cancellationToken.CanBeCanceled)
        {
            waiter.Cancellation = cancellationToken.Register(() => Abandon(waiter, cancellationToken));
        }

        return waiter.Completion.Task;
    }

    /// <summary>
    /// Takes a slot for a run found already running on <paramref name="nodeName"/> (re-attach), even past
    /// MaxRunningJobs: the container exists whether or not we count it.
    /// </summary>
    public NodeLease Adopt(string nodeName, string runId)
    {
        var node = FindNode(nodeName) ?? throw new ArgumentException($"Unknown node '{nodeName}'.", nameof(nodeName));
        lock (_lock)
        {
            var lease = new NodeLease(this, node, runId, _time.GetUtcNow());
            node.Leases[runId] = lease;
            return lease;
        }
    }

    public NodePoolSnapshot GetSnapshot()
    {
        lock (_lock)
        {
            return new NodePoolSnapshot(
                Nodes.Select(node => new NodeStatus(
                    node.Name, node.Options.Address, node.IsHealthy, node.LastError, node.LastCheckedAt,
                    node.Options.MaxRunningJobs,
                    node.Leases.Values.Select(lease => new RunningJob(lease.RunId, lease.ContainerId, lease.Since)).ToList()))
                    .ToList(),
                _queue.Values.Select(waiter => new QueuedRun(waiter.Request.RunId, waiter.Request.Priority, waiter.Since)).ToList());
        }
    }

    internal void Release(NodeLease lease)
    {
        lock (_lock)
        {
            if (lease.Node.Leases.TryGetValue(lease.RunId, out var held) && ReferenceEquals(held, lease))
            {
                lease.Node.Leases.Remove(lease.RunId);
            }

            DispatchLocked();
        }
    }

    private void DispatchLocked()
    {
        var loads = Nodes.Select(node => new NodeLoad(node.Name, node.IsHealthy, node.Leases.Count, node.Options.MaxRunningJobs)).ToList();
        var assignments = Placement.Dispatch(_queue.Values.Select(waiter => waiter.Request), loads);
        foreach (var (request, nodeName) in assignments)
        {
            var key = _queue.First(pair => ReferenceEquals(pair.Value.Request, request)).Key;
            var waiter = _queue[key];
            _queue.Remove(key);
            var node = FindNode(nodeName)!;
            var lease = new NodeLease(this, node, request.RunId, _time.GetUtcNow());
            node.Leases[request.RunId] = lease;
            waiter.Cancellation.Dispose();
            waiter.Completion.TrySetResult(lease);
        }
    }

    private void Abandon(Waiter waiter, CancellationToken cancellationToken)
    {
        lock (_lock)
        {
            var entry = _queue.FirstOrDefault(pair => ReferenceEquals(pair.Value, waiter));
            if (entry.Value is null)
            {
                return;
            }

            _queue.Remove(entry.Key);
        }

        waiter.Completion.TrySetCanceled(cancellationToken);
    }

    private sealed class Waiter(PlacementRequest request, DateTimeOffset since)
    {
        public PlacementRequest Request { get; } = request;

        public DateTimeOffset Since { get; } = since;

        public TaskCompletionSource<NodeLease> Completion { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

        public CancellationTokenRegistration Cancellation { get; set; }
    }
}
