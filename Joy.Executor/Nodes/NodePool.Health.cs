using Joy.Executor.Docker;
using Microsoft.Extensions.Logging;

namespace Joy.Executor.Nodes;

public sealed partial class NodePool
{
    private readonly CancellationTokenSource _stopping = new();
    private readonly Task _healthLoop;
    private readonly TaskCompletionSource _firstHealthCheck = new(TaskCreationOptions.RunContinuationsAsynchronously);

    /// <summary>Completes once every node has been pinged once, so callers know who is up.</summary>
    public Task FirstHealthCheck => _firstHealthCheck.Task;

    /// <summary>Raised (outside the lock) when a node turns healthy again after being drained.</summary>
    public event Action<DockerNode>? NodeRejoined;

    /// <summary>One round of pings over every node; the loop calls it every HealthCheckIntervalMs.</summary>
    public Task CheckHealthAsync(CancellationToken cancellationToken = default) =>
        Task.WhenAll(Nodes.Select(node => CheckNodeAsync(node, cancellationToken)));

    /// <summary>
    /// A run saw the node's transport fail: drain it now rather than wait for the next pings, so its runs
    /// end as lost and new ones go elsewhere. The health loop lets it back in once it answers.
    /// </summary>
    public void ReportUnreachable(DockerNode node, string reason) => MarkUnhealthy(node, reason);

    private async Task HealthLoopAsync(CancellationToken stopping)
    {
        using var timer = new PeriodicTimer(TimeSpan.FromMilliseconds(_options.HealthCheckIntervalMs), _time);
        do
        {
            try
            {
                await CheckHealthAsync(stopping);
                _firstHealthCheck.TrySetResult();
            }
            catch (OperationCanceledException) when (stopping.IsCancellationRequested)
            {
                return;
            }
        }
        while (await WaitTickAsync(timer, stopping));
    }

    private static async Task<bool> WaitTickAsync(PeriodicTimer timer, CancellationToken stopping)
    {
        try
        {
            return await timer.WaitForNextTickAsync(stopping);
        }
        catch (OperationCanceledException)
        {
            return false;
        }
    }

    private async Task CheckNodeAsync(DockerNode node, CancellationToken cancellationToken)
    {
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(_options.HealthCheckTimeoutMs);
        try
        {
            await node.Client.PingAsync(timeout.Token);
            MarkHealthy(node);
        }
        catch (Exception exception) when (exception is DockerNodeException or OperationCanceledException
                                          && !cancellationToken.IsCancellationRequested)
        {
            var reason = exception is OperationCanceledException ? "ping timed out" : exception.Message;
            bool drain;
            lock (_lock)
            {
                node.LastCheckedAt = _time.GetUtcNow();
                node.LastError = reason;
                node.ConsecutiveFailures++;
                drain = node.ConsecutiveFailures >= _options.UnhealthyAfterFailures || !node.IsHealthy;
            }

            if (drain)
            {
                MarkUnhealthy(node, reason);
            }
        }
    }

    private void MarkHealthy(DockerNode node)
    {
        bool rejoined;
        lock (_lock)
        {
            rejoined = !node.IsHealthy;
            node.IsHealthy = true;
            node.ConsecutiveFailures = 0;
            node.LastError = null;
            node.LastCheckedAt = _time.GetUtcNow();
            DispatchLocked();
        }

        if (rejoined)
        {
            _logger.LogInformation("Docker node {Node} is healthy", node.Name);
            NodeRejoined?.Invoke(node);
        }
    }

    private void MarkUnhealthy(DockerNode node, string reason)
    {
        List<NodeLease> lost;
        bool wasHealthy;
        lock (_lock)
        {
            wasHealthy = node.IsHealthy;
            node.IsHealthy = false;
            node.LastError = reason;
            lost = node.Leases.Values.ToList();
        }

        if (wasHealthy)
        {
            _logger.LogWarning("Docker node {Node} is unhealthy ({Reason}); {Count} run(s) lost", node.Name, reason, lost.Count);
        }

        foreach (var lease in lost)
        {
            lease.MarkLost();
        }
    }

    public async ValueTask DisposeAsync()
    {
        await _stopping.CancelAsync();
        await _healthLoop;
        _stopping.Dispose();
        foreach (var node in Nodes)
        {
            node.Dispose();
        }
    }
}
