using Joy.Application.Execution;
using Joy.Executor.Docker;
using Joy.Executor.Meter;
using Joy.Executor.Nodes;

namespace Joy.Executor.Runs;

public sealed partial class DockerActorRunner
{
    public async Task<ActorRunResult?> TryReattachAsync(ActorRunRequest request, CancellationToken cancellationToken = default)
    {
        await _pool.FirstHealthCheck.WaitAsync(cancellationToken);
        var unreachable = new List<string>();
        foreach (var node in _pool.Nodes)
        {
            if (!node.IsHealthy)
            {
                unreachable.Add(node.Name);
                continue;
            }

            var found = await node.Client.ListContainersAsync(RunFilter(request.RunId), cancellationToken);
            if (found.Count == 0)
            {
                continue;
            }

            var inspect = await node.Client.InspectContainerAsync(found[0].ID, cancellationToken);
            if (inspect?.State is not { } state || state.Status == "created")
            {
                // Never started, so its inputs may be half-uploaded: drop it and let the caller start afresh.
                await RemoveQuietlyAsync(node, found[0].ID, request.RunId, "found never started by a takeover, which starts the run afresh");
                return null;
            }

            using var lease = _pool.Adopt(node.Name, request.RunId);
            lease.ContainerId = inspect.ID;
            _inFlight[request.RunId] = lease;
            try
            {
                var metered = RunMeter.KeyOf(inspect.Config?.Env) is not null;
                var timeout = Deadline(ContainerSpec.EffectiveLimits(_options, node.Options, request), metered);
                var remaining = timeout == Timeout.InfiniteTimeSpan ? timeout : timeout - (DateTimeOffset.UtcNow - state.Times().StartedAt);
                return await GuardAsync(request, lease, () => CollectAsync(request, lease, inspect.ID, remaining, cancellationToken), cancellationToken);
            }
            finally
            {
                _inFlight.TryRemove(new KeyValuePair<string, NodeLease>(request.RunId, lease));
            }
        }

        // Not found, but a node we cannot see may hold it: starting again could run it twice.
        return unreachable.Count == 0
            ? null
            : Failed(request, ActorRunErrors.NodeLost, $"node(s) {string.Join(", ", unreachable)} unreachable; the run's container may be there");
    }

    public async Task<bool> KillAsync(string runId, CancellationToken cancellationToken = default)
    {
        if (_inFlight.TryGetValue(runId, out var lease) && lease.ContainerId is { } containerId)
        {
            // The run collecting it reports Joy.Killed and removes it as usual.
            _killed.Add(runId);
            await lease.Node.Client.KillContainerAsync(containerId, cancellationToken);
            return true;
        }

        var killed = false;
        foreach (var node in _pool.Nodes.Where(node => node.IsHealthy))
        {
            foreach (var container in await node.Client.ListContainersAsync(RunFilter(runId), cancellationToken))
            {
                await RemoveAsync(node, container.ID, runId, "killed on request, not running in this process", cancellationToken);
                killed = true;
            }
        }

        return killed;
    }

    public async Task<IReadOnlyList<string>> RemoveOrphansAsync(LiveRunsAmong liveAmong, CancellationToken cancellationToken = default)
    {
        await _pool.FirstHealthCheck.WaitAsync(cancellationToken);
        // Listed before the live runs are read: a run is claimed before its container is created, so a container
        // seen here whose run is not live then has ended (or never was), and is not one being started.
        var found = new List<(DockerNode Node, string ContainerId, string RunId)>();
        foreach (var node in _pool.Nodes.Where(node => node.IsHealthy))
        {
            var containers = await node.Client.ListContainersAsync([$"{ContainerSpec.ServiceLabel}={_options.ServiceName}", ContainerSpec.RunLabel], cancellationToken);
            found.AddRange(containers
                .Where(container => !(container.Labels.TryGetValue(ContainerSpec.DebugLabel, out var debug) && debug == "true"))
                .Select(container => (node, container.ID, container.Labels![ContainerSpec.RunLabel])));
        }

        if (found.Count == 0)
        {
            return [];
        }

        var live = await liveAmong(found.Select(each => each.RunId).Distinct().ToList(), cancellationToken);
        var removed = new List<string>();
        foreach (var (node, containerId, runId) in found.Where(each => !live.Contains(each.RunId) && !_inFlight.ContainsKey(each.RunId)))
        {
            if (await RemoveQuietlyAsync(node, containerId, runId, "orphan: no live run owns it (orphan sweep)"))
            {
                removed.Add(containerId);
            }
        }

        return removed;
    }

    private List<string> RunFilter(string runId) =>
        [$"{ContainerSpec.RunLabel}={runId}", $"{ContainerSpec.ServiceLabel}={_options.ServiceName}"];

    /// <summary>
    /// Containers of runs already reported lost may still run on a node that comes back: remove them so
    /// the retry elsewhere is the only copy.
    /// </summary>
    private async Task RemoveLostContainersAsync(DockerNode node)
    {
        var count = _lostContainers.Count;
        for (var i = 0; i < count && _lostContainers.TryDequeue(out var lost); i++)
        {
            if (lost.Node != node.Name)
            {
                _lostContainers.Enqueue(lost);
                continue;
            }

            await RemoveQuietlyAsync(node, lost.ContainerId, lost.RunId, "its run was reported lost with the node, which is back");
        }
    }
}
