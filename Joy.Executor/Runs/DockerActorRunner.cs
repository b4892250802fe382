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
/// inspect, logs, outputs, remove. Each stage lives in its own partial file.
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
    private readonly ConcurrentQueue<(string Node, string ContainerId)> _lostContainers = new();

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
            var containerId = await CreateAsync(request, limits, lease, inline, meter, linked.Token);
            if (inline is not null && await ConfirmShellAsync(request, node, containerId, linked.Token) is false)
            {
                // First run of a shell-less image here: start over with the upload (only ever once per image).
                await node.Client.RemoveContainerAsync(containerId, linked.Token);
                inline = null;
                containerId = await CreateAsync(request, limits, lease, inline, meter, linked.Token);
            }

            if (request.OnPlaced is { } onPlaced)
            {
                await onPlaced(new ActorRunPlacement(request.RunId, node.Name, containerId), linked.Token);
            }

            if (inline is null && WorkDirArchive.IsNeeded(request))
            {
                await node.Client.ExtractArchiveToContainerAsync(
                    containerId, ContainerSpec.WorkDir, (stream, token) => WorkDirArchive.WriteAsync(request, _options.Hardening, stream, token),
                    linked.Token);
            }

            await node.Client.StartContainerAsync(containerId, linked.Token);
            return await CollectAsync(request, lease, containerId, Deadline(limits, meter is not null), cancellationToken);
        }, cancellationToken);

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
                _lostContainers.Enqueue((node.Name, lostContainer));
            }

            return Failed(request, ActorRunErrors.NodeLost, $"node '{node.Name}' stopped answering: {exception.Message}")
                with { Node = node.Name, ContainerId = lease.ContainerId };
        }
        catch (DockerNodeException exception) when (!cancellationToken.IsCancellationRequested)
        {
            // The daemon refused a step (no such image, bad limit): nothing will run, so clean up unless debugging.
            if (lease.ContainerId is { } containerId && !request.Debug)
            {
                await RemoveQuietlyAsync(node, containerId);
            }

            var error = lease.ContainerId is null && exception.IsNotFound ? ActorRunErrors.ImageNotFound : ActorRunErrors.DockerError;
            return Failed(request, error, exception.Message) with { Node = node.Name, ContainerId = lease.ContainerId };
        }
    }

    private static bool IsNodeLoss(Exception exception, NodeLease lease) =>
        lease.IsLost || exception is DockerNodeException { IsUnreachable: true };

    private static ActorRunResult Failed(ActorRunRequest request, string error, string cause) =>
        new() { RunId = request.RunId, Error = error, Cause = cause };

    private async Task RemoveQuietlyAsync(DockerNode node, string containerId)
    {
        try
        {
            await node.Client.RemoveContainerAsync(containerId);
        }
        catch (DockerNodeException exception)
        {
            // Left behind: the startup sweep removes containers no run owns.
            _logger.LogWarning(exception, "Could not remove container {Container} on {Node}", containerId, node.Name);
        }
    }
}
