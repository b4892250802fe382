using System.Collections.Concurrent;
using Joy.Application.Execution;
using Joy.Executor.Docker;
using Joy.Executor.Meter;
using Joy.Executor.Nodes;

namespace Joy.Executor.Runs;

public sealed partial class DockerActorRunner
{
    // Per node and image: the image's own ENTRYPOINT, which the meter runs in its place.
    private readonly ConcurrentDictionary<(string Node, string Image), IReadOnlyList<string>> _entrypoints = new();

    /// <summary>The run's meter mount, or null when no meter is configured.</summary>
    private async Task<MeterMount?> MeterAsync(ActorRunRequest request, DockerNode node, CancellationToken cancellationToken)
    {
        if (_meterVolumes is null)
        {
            return null;
        }

        var image = ContainerSpec.ImageOf(request, node.Options);
        var volume = await _meterVolumes.EnsureAsync(node, image, cancellationToken);
        if (!_entrypoints.TryGetValue((node.Name, image), out var entrypoint))
        {
            // A missing image has no entrypoint: its create fails next, as Joy.ImageNotFound.
            entrypoint = (await node.Client.InspectImageAsync(image, cancellationToken))?.Config?.Entrypoint?.ToList() ?? [];
            _entrypoints[(node.Name, image)] = entrypoint;
        }

        return new MeterMount(volume, RunMeter.NewKey(), entrypoint);
    }

    /// <summary>How long the executor waits before it kills the run: its wall-clock limit, plus a grace when the meter enforces it.</summary>
    private static TimeSpan Deadline(ContainerLimits limits, bool metered) =>
        limits.TimeoutMs is { } ms ? TimeSpan.FromMilliseconds(ms) + (metered ? RunMeter.KillGrace : TimeSpan.Zero) : Timeout.InfiniteTimeSpan;

    /// <summary>
    /// The meter's report taken out of the log, and the log capped at <paramref name="limitBytes"/> (it was read
    /// with <see cref="RunMeter.MaxLineBytes"/> more, for the line). When the read stopped short of the report
    /// (always the last line of the meter's stderr), the report is read on its own: one more call only in that case.
    /// </summary>
    private static async Task<(ContainerLogs Logs, MeterReport? Report)> MeterReportAsync(
        DockerNodeClient client, string containerId, string? key, ContainerLogs logs, int limitBytes, CancellationToken cancellationToken)
    {
        if (key is null)
        {
            return (logs.Capped(limitBytes), null);
        }

        var (rest, report) = MeterReport.Extract(logs.Bytes, key);
        if (report is null && logs.Truncated)
        {
            (_, report) = MeterReport.Extract((await client.GetLastStderrLineAsync(containerId, cancellationToken)).Bytes, key);
        }

        return ((logs with { Bytes = rest }).Capped(limitBytes), report);
    }
}
