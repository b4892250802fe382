using System.Collections.Concurrent;
using Joy.Application.Execution;
using Joy.Executor.Docker;
using Joy.Executor.Meter;
using Joy.Executor.Nodes;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace Joy.Executor.Runs;

/// <summary>
/// <see cref="IActorRunner"/> over the node pool: one run is create, upload, start, wait (kill on timeout),
/// inspect, logs, outputs, remove; a container removed before it started is created again. Each stage lives
/// in its own partial file.
/// </summary>
public sealed partial class DockerActorRunner : IActorRunner
{
    private readonly NodePool _pool;
    private readonly ExecutorOptions _options;
    private readonly ILogger _logger;

    public DockerActorRunner(NodePool pool, ExecutorOptions options, ILogger<DockerActorRunner>? logger = null)
    {
        _pool = pool;
        _options = options;
        _logger = logger ?? NullLogger<DockerActorRunner>.Instance;
        _meterVolumes = RunMeter.Load(options.MeterPath) is { } meter ? new MeterVolumes(meter, options.ServiceName) : null;
        _hardenedImages = new HardenedImages(options.Hardening, options.ServiceName);
        pool.NodeRejoined += node =>
        {
            _meterVolumes?.Forget(node.Name);
            _hardenedImages.Forget(node.Name);
            _ = RemoveLostContainersAsync(node);
        };
    }

    // Null when no meter is configured: runs then report what Docker says, without CPU time or peak memory.
    private readonly MeterVolumes? _meterVolumes;

    private readonly HardenedImages _hardenedImages;

    // Runs in flight in this process, so KillAsync can reach them without asking every node.
    private readonly ConcurrentDictionary<string, NodeLease> _inFlight = new();

    // Containers of runs reported Joy.NodeLost, removed when their node rejoins.
    private readonly ConcurrentQueue<(string Node, string ContainerId, string RunId)> _lostContainers = new();

    public async Task<ActorRunResult> RunAsync(ActorRunRequest request, CancellationToken cancellationToken = default)
    {
        if (ActorFileNames.Validate(request) is { Count: > 0 } problems)
        {
            return Failed(request, ActorRunErrors.InvalidFileName, string.Join("; ", problems));
        }

        using var lease = await _pool.AcquireAsync(
            new PlacementRequest(request.RunId, request.Priority, request.PreferredNodes, request.ExcludedNodes, request.RequiredNode),
            cancellationToken);
        _inFlight[request.RunId] = lease;
        try
        {
            return await RunOnNodeAsync(request, lease, cancellationToken);
        }
        finally
        {
            _inFlight.TryRemove(new KeyValuePair<string, NodeLease>(request.RunId, lease));
        }
    }

    private Task<ActorRunResult> RunOnNodeAsync(ActorRunRequest request, NodeLease lease, CancellationToken cancellationToken) =>
        GuardAsync(request, lease, async () =>
        {
            var node = lease.Node;
            var limits = ContainerSpec.EffectiveLimits(_options, node.Options, request);
            if (ContainerSpec.NetworkAsked(limits) && !_options.Hardening.AllowNetwork)
            {
                return Failed(request, ActorRunErrors.NetworkNotAllowed,
                    "the actor asks for the network (enableNetwork) and Joy:Executor:Hardening:AllowNetwork is off") with { Node = node.Name };
            }

            using var linked = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, lease.Lost);
            var meter = await MeterAsync(request, node, linked.Token);
            var inline = await InlineWorkDirAsync(request, node, linked.Token);
            for (var placement = 1; ; placement++)
            {
                (var containerId, inline) = await PlaceAsync(request, limits, lease, inline, meter, linked.Token);
                try
                {
                    if (inline is null && WorkDirArchive.IsNeeded(request))
                    {
                        await node.Client.ExtractArchiveToContainerAsync(
                            containerId, ContainerSpec.WorkDir, (stream, token) => WorkDirArchive.WriteAsync(request, _options.Hardening, stream, token),
                            linked.Token);
                    }

                    await node.Client.StartContainerAsync(containerId, linked.Token);
                }
                catch (DockerNodeException exception) when (!exception.IsUnreachable && placement < MaxPlacements)
                {
                    if (!await IsGoneAsync(node, containerId, linked.Token))
                    {
                        throw;
                    }

                    // Removed before the actor ran (404, or 409 "marked for removal"): nothing ran, so placing
                    // it again is safe; OnPlaced sees the new container and may still refuse it (cancelled, lease lost).
                    LogGoneBeforeStart(request.RunId, containerId, node.Name, exception.Message);
                    lease.ContainerId = null;
                    continue;
                }

                return await CollectAsync(request, lease, containerId, Deadline(limits, meter is not null), cancellationToken);
            }
        }, cancellationToken);

    // A container removed before its start is placed again, a bounded number of times: a removal that keeps
    // coming is a bug to see as a failed run, not a loop.
    private const int MaxPlacements = 3;

    /// <summary>
    /// Creates the container and reports where it landed; a shell-less image's is created again without the inline
    /// work dir (null in the answer), which the archive upload then brings.
    /// </summary>
    private async Task<(string ContainerId, IReadOnlyList<InlineWorkDir.File>? Inline)> PlaceAsync(
        ActorRunRequest request, ContainerLimits limits, NodeLease lease, IReadOnlyList<InlineWorkDir.File>? inline, MeterMount? meter,
        CancellationToken cancellationToken)
    {
        var node = lease.Node;
        var containerId = await CreateAsync(request, limits, lease, inline, meter, cancellationToken);
        if (inline is not null && await ConfirmShellAsync(request, node, containerId, cancellationToken) is false)
        {
            // First run of a shell-less image here: start over with the upload (only ever once per image).
            await RemoveAsync(node, containerId, request.RunId, "its image has no shell to write the work dir: created again for an upload", cancellationToken);
            inline = null;
            containerId = await CreateAsync(request, limits, lease, inline, meter, cancellationToken);
        }

        if (request.OnPlaced is { } onPlaced)
        {
            await onPlaced(new ActorRunPlacement(request.RunId, node.Name, containerId), cancellationToken);
        }

        return (containerId, inline);
    }

    /// <summary>Whether a container that failed its upload or start is gone or on its way out (removing, dead).</summary>
    private static async Task<bool> IsGoneAsync(DockerNode node, string containerId, CancellationToken cancellationToken) =>
        await node.Client.InspectContainerAsync(containerId, cancellationToken) is not { State: { } state } || state.Status is "removing" or "dead";

    private async Task<string> CreateAsync(
        ActorRunRequest request, ContainerLimits limits, NodeLease lease, IReadOnlyList<InlineWorkDir.File>? inline, MeterMount? meter,
        CancellationToken cancellationToken)
    {
        var image = await _hardenedImages.EnsureAsync(lease.Node, ContainerSpec.ImageOf(request, lease.Node.Options), cancellationToken);
        var parameters = ContainerSpec.Build(request, limits, lease.Node.Options, _options, image, inline, meter);
        var containerId = await lease.Node.Client.CreateContainerAsync(parameters, cancellationToken);
        lease.ContainerId = containerId;
        return containerId;
    }

    /// <summary>Turns what can go wrong on a node into results: a lost node, or a step the daemon refused.</summary>
    private async Task<ActorRunResult> GuardAsync(
        ActorRunRequest request, NodeLease lease, Func<Task<ActorRunResult>> run, CancellationToken cancellationToken)
    {
        var node = lease.Node;
        try
        {
            return await run();
        }
        catch (Exception exception) when (IsNodeLoss(exception, lease) && !cancellationToken.IsCancellationRequested)
        {
            _pool.ReportUnreachable(node, exception.Message);
            if (lease.ContainerId is { } lostContainer)
            {
                _lostContainers.Enqueue((node.Name, lostContainer, request.RunId));
            }

            return Failed(request, ActorRunErrors.NodeLost, $"node '{node.Name}' stopped answering: {exception.Message}")
                with { Node = node.Name, ContainerId = lease.ContainerId };
        }
        catch (DockerNodeException exception) when (!cancellationToken.IsCancellationRequested)
        {
            // The daemon refused a step (no such image, bad limit): nothing will run, so clean up unless debugging.
            if (lease.ContainerId is { } containerId && !request.Debug)
            {
                await RemoveQuietlyAsync(node, containerId, request.RunId, $"the daemon refused a step: {exception.Message}");
            }

            var error = lease.ContainerId is null && exception.IsNotFound ? ActorRunErrors.ImageNotFound : ActorRunErrors.DockerError;
            return Failed(request, error, exception.Message) with { Node = node.Name, ContainerId = lease.ContainerId };
        }
    }

    private static bool IsNodeLoss(Exception exception, NodeLease lease) =>
        lease.IsLost || exception is DockerNodeException { IsUnreachable: true };

    private static ActorRunResult Failed(ActorRunRequest request, string error, string cause) =>
        new() { RunId = request.RunId, Error = error, Cause = cause };
}
