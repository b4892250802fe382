using Docker.DotNet.Models;
using Joy.Application.Execution;
using Joy.Executor.Docker;
using Joy.Executor.Meter;
using Joy.Executor.Nodes;

namespace Joy.Executor.Runs;

public sealed partial class DockerActorRunner
{
    private readonly ConcurrentSet _killed = new();

    /// <summary>Waits for a started container (killing it at the deadline), then reads what it left.</summary>
    private async Task<ActorRunResult> CollectAsync(
        ActorRunRequest request, NodeLease lease, string containerId, TimeSpan remaining, CancellationToken cancellationToken)
    {
        var client = lease.Node.Client;
        using var linked = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, lease.Lost);
        var timedOut = false;
        using (var deadline = CancellationTokenSource.CreateLinkedTokenSource(linked.Token))
        {
            if (remaining != Timeout.InfiniteTimeSpan)
            {
                deadline.CancelAfter(remaining < TimeSpan.Zero ? TimeSpan.Zero : remaining);
            }
            try
            {
                await client.WaitContainerAsync(containerId, deadline.Token);
            }
            catch (OperationCanceledException) when (!linked.IsCancellationRequested)
            {
                // Past the deadline. If the kill finds it already stopped, it finished in time after all.
                timedOut = await client.KillContainerAsync(containerId, linked.Token);
                await client.WaitContainerAsync(containerId, linked.Token);
            }
        }

        // Independent reads, issued together: one round trip of latency instead of three. The inspect goes out once
        // (the log's own, Docker.DotNet's, is served by it) and on a new connection: a node shutting down refuses it.
        Task<ContainerInspectResponse?> inspecting;
        Task<ContainerLogs> reading;
        Task<RunOutputs.Collected> collecting;
        using (client.ReadingExitOf(containerId))
        {
            inspecting = client.InspectContainerAsync(containerId, linked.Token);
            // With a meter, room for its line on top of the cap: stderr and stdout are copied to the log by separate
            // readers, so the line may land anywhere in it, and taking it out must not leave the log short of its cap.
            reading = client.GetContainerLogsAsync(containerId, _options.LogLimitBytes + (_meterVolumes is null ? 0 : RunMeter.MaxLineBytes), linked.Token);
            collecting = RunOutputs.CollectAsync(client, containerId, request, _options, linked.Token);
            try
            {
                await Task.WhenAll(inspecting, reading, collecting);
            }
            catch (DockerNodeException exception) when (!exception.IsUnreachable)
            {
                await ThrowIfShuttingDownAsync(client, containerId, linked.Token);
                throw;
            }
        }

        var state = (await inspecting)?.State ?? throw new DockerNodeException(lease.Node.Name, "inspect container",
            System.Net.HttpStatusCode.NotFound, $"container {containerId} disappeared before it was collected");
        var (logs, report) = await MeterReportAsync(client, containerId, RunMeter.KeyOf((await inspecting)?.Config?.Env), await reading, _options.LogLimitBytes, linked.Token);
        var outputs = await collecting;
        var (startedAt, finishedAt) = state.Times();
        var killedByUs = _killed.Remove(request.RunId);
        var timeoutReason = report?.Timeout ?? (timedOut ? TimeoutReasons.Wall : null);
        timedOut = timeoutReason is not null && !killedByUs;
        var oomKilled = state.OOMKilled || report?.OomKills > 0 || IsUnexplainedKill(state, timedOut, killedByUs, lease.Node, request);
        var exitedCleanly = state.ExitCode == 0 && !timedOut && !oomKilled;
        var (error, cause) = killedByUs
            ? (ActorRunErrors.Killed, "killed on request")
            : outputs.ReturnJsonProblem is { } problem
                ? (ActorRunErrors.ReturnJsonInvalid, problem)
                : outputs.Missing.Count > 0 && exitedCleanly
                    // A failed compile leaves no binary: then the exit code, not the missing file, is the story.
                    ? (ActorRunErrors.OutputMissing, $"output(s) not produced: {string.Join(", ", outputs.Missing.Select(name => $"'{name}'"))}")
                    : ((string?)null, (string?)null);
        var duration = Math.Max(0, (long)(finishedAt - startedAt).TotalMilliseconds);
        var result = new ActorRunResult
        {
            RunId = request.RunId,
            ExitCode = state.ExitCode,
            OomKilled = oomKilled,
            TimedOut = timedOut,
            TimeoutReason = timedOut ? timeoutReason : null,
            DurationMs = duration,
            CpuTimeMs = report?.CpuTimeMs,
            PeakMemoryBytes = report?.PeakMemoryBytes,
            MemoryLimitHit = report?.MemoryLimitHits is { } hits ? hits > 0 : null,
            WallTimeMs = report?.WallTimeMs ?? duration,
            Node = lease.Node.Name,
            ContainerId = containerId,
            Outputs = outputs.Stored,
            Log = logs.Bytes,
            LogTruncated = logs.Truncated,
            Data = outputs.Data,
            Error = error,
            Cause = cause,
        };

        // The container has stopped: its place on the node takes the next run while this one is recorded and removed.
        lease.Dispose();
        if (request.OnCollected is { } onCollected)
        {
            // Before the removal: if the caller cannot record the result, the container is still there to collect again.
            await onCollected(result, cancellationToken);
        }

        if (!request.Debug)
        {
            await RemoveQuietlyAsync(lease.Node, containerId, request.RunId, "collected");
        }

        return result;
    }

    /// <summary>
    /// A daemon that is shutting down may still take a new connection for the exit's inspect and then fail a read
    /// (an archive's overlay mount, say) with a server error: if a new connection is refused now, the node is
    /// going away, and the run is lost with it rather than failed by the daemon.
    /// </summary>
    private static async Task ThrowIfShuttingDownAsync(DockerNodeClient client, string containerId, CancellationToken cancellationToken)
    {
        using (client.ReadingExitOf(containerId))
        {
            await client.InspectContainerAsync(containerId, cancellationToken);
        }
    }

    /// <summary>
    /// A memory-limited container that ended by SIGKILL (137) that neither its timeout nor a cancel sent
    /// was killed by the kernel's OOM killer. Docker's own flag cannot be relied on alone: under load,
    /// docker 20.10 sometimes never records an OOM kill (containerd's shim misses the event when the
    /// container exits at once; seen in 1 of 24 concurrent runs, not set even seconds later). The price:
    /// a program that SIGKILLs itself under a memory limit is reported as OOM-killed too.
    /// </summary>
    private bool IsUnexplainedKill(State state, bool timedOut, bool killedByUs, DockerNode node, ActorRunRequest request) =>
        state.ExitCode == 137 && !timedOut && !killedByUs
        && ContainerSpec.EffectiveLimits(_options, node.Options, request).Memory is > 0;

    /// <summary>A tiny thread-safe set of run ids.</summary>
    private sealed class ConcurrentSet
    {
        private readonly System.Collections.Concurrent.ConcurrentDictionary<string, byte> _items = new();

        public void Add(string item) => _items[item] = 0;

        public bool Remove(string item) => _items.TryRemove(item, out _);
    }
}
