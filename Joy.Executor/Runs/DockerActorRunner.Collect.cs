using Joy.Application.Execution;
using Joy.Executor.Docker;
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
            deadline.CancelAfter(remaining < TimeSpan.Zero ? TimeSpan.Zero : remaining);
            try
            {
                await client.WaitContainerAsync(containerId, deadline.Token);
            }
            catch (OperationCanceledException) when (!linked.IsCancellationRequested)
            {
                // Past the deadline. If the kill finds it already stopped, it finished in time after all.
                timedOut = await client.KillContainerAsync(containerId, cancellationToken: linked.Token);
                await client.WaitContainerAsync(containerId, linked.Token);
            }
        }

        // Independent reads, issued together: one round trip of latency instead of three.
        var inspecting = client.InspectContainerAsync(containerId, linked.Token);
        var reading = client.GetContainerLogsAsync(containerId, _options.LogLimitBytes, linked.Token);
        var collecting = RunOutputs.CollectAsync(client, containerId, request, _options, linked.Token);
        await Task.WhenAll(inspecting, reading, collecting);
        var state = (await inspecting ?? throw new DockerApiException(lease.Node.Name, "inspect container",
            System.Net.HttpStatusCode.NotFound, $"container {containerId} disappeared before it was collected")).State;
        if (state.ExitCode == 137 && !state.OOMKilled && !timedOut && !_killed.Contains(request.RunId))
        {
            state = await ConfirmOomKillAsync(client, containerId, state, linked.Token);
        }

        var (logs, outputs) = (await reading, await collecting);
        var exitedCleanly = state.ExitCode == 0 && !timedOut && !state.OOMKilled;
        var (error, cause) = _killed.Remove(request.RunId)
            ? (ActorRunErrors.Killed, "killed on request")
            : outputs.ReturnJsonProblem is { } problem
                ? (ActorRunErrors.ReturnJsonInvalid, problem)
                : outputs.Missing.Count > 0 && exitedCleanly
                    // A failed compile leaves no binary: then the exit code, not the missing file, is the story.
                    ? (ActorRunErrors.OutputMissing, $"output(s) not produced: {string.Join(", ", outputs.Missing.Select(name => $"'{name}'"))}")
                    : ((string?)null, (string?)null);
        var result = new ActorRunResult
        {
            RunId = request.RunId,
            ExitCode = state.ExitCode,
            OomKilled = state.OOMKilled,
            TimedOut = timedOut,
            DurationMs = Math.Max(0, (long)(state.FinishedAt - state.StartedAt).TotalMilliseconds),
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
            await RemoveQuietlyAsync(lease.Node, containerId);
        }

        return result;
    }

    /// <summary>
    /// A container SIGKILLed by nobody here was most likely killed by the kernel's OOM killer, but
    /// the daemon may record that a moment after the wait returns (containerd reports the exit and
    /// the OOM as two events, in either order). Re-inspect for up to about a second before
    /// concluding it was not; only this rare exit pays for the wait.
    /// </summary>
    private static async Task<ContainerState> ConfirmOomKillAsync(
        DockerClient client, string containerId, ContainerState state, CancellationToken cancellationToken)
    {
        foreach (var delay in OomRecheckDelays)
        {
            await Task.Delay(delay, cancellationToken);
            if ((await client.InspectContainerAsync(containerId, cancellationToken))?.State is not { } again)
            {
                break;
            }

            state = again;
            if (state.OOMKilled)
            {
                break;
            }
        }

        return state;
    }

    private static readonly TimeSpan[] OomRecheckDelays =
        [.. new[] { 10, 20, 40, 80, 160, 300, 400 }.Select(ms => TimeSpan.FromMilliseconds(ms))];

    /// <summary>A tiny thread-safe set of run ids.</summary>
    private sealed class ConcurrentSet
    {
        private readonly System.Collections.Concurrent.ConcurrentDictionary<string, byte> _items = new();

        public void Add(string item) => _items[item] = 0;

        public bool Remove(string item) => _items.TryRemove(item, out _);

        public bool Contains(string item) => _items.ContainsKey(item);
    }
}
