using System.Collections.Concurrent;
using System.Formats.Tar;
using Docker.DotNet.Models;
using Joy.Executor.Docker;
using Joy.Executor.Nodes;

namespace Joy.Executor.Meter;

/// <summary>
/// The read-only volume each node's metered containers mount the meter from, made once per node: a volume
/// named after the meter's hash, filled through a container that is created and never started (an archive
/// upload, the one time), then a second, empty volume labelled <see cref="ReadyLabel"/> naming it, made only
/// once the first is complete. Processes that fill volumes at the same time each use their own; a process
/// that finds a ready one uses it. So no run ever mounts a volume whose meter is half written.
/// </summary>
public sealed class MeterVolumes(RunMeter meter, string serviceName)
{
    public const string HashLabel = "joy.meter";
    public const string ReadyLabel = "joy.meter.ready";

    private readonly ConcurrentDictionary<string, Lazy<Task<string>>> _volumes = new();

    /// <summary>The ready volume on <paramref name="node"/>, made with <paramref name="image"/> (the run's) if there is none.</summary>
    public async Task<string> EnsureAsync(DockerNode node, string image, CancellationToken cancellationToken)
    {
        var volume = _volumes.GetOrAdd(node.Name, _ => new Lazy<Task<string>>(() => FindOrMakeAsync(node, image, cancellationToken)));
        try
        {
            return await volume.Value.WaitAsync(cancellationToken);
        }
        catch
        {
            _volumes.TryRemove(new KeyValuePair<string, Lazy<Task<string>>>(node.Name, volume)); // the next run tries again
            throw;
        }
    }

    /// <summary>Forget a node's volume: it may have been reset while away.</summary>
    public void Forget(string node) => _volumes.TryRemove(node, out _);

    private async Task<string> FindOrMakeAsync(DockerNode node, string image, CancellationToken cancellationToken)
    {
        var client = node.Client;
        foreach (var marker in await client.ListVolumesAsync(ReadyLabel, cancellationToken))
        {
            var labels = marker.Labels ?? new Dictionary<string, string>();
            if (labels.TryGetValue(HashLabel, out var hash) && hash == meter.Hash && labels.TryGetValue(ReadyLabel, out var ready) && ready.Length > 0)
            {
                return ready;
            }
        }

        var name = $"joy-meter-{meter.Hash}-{Guid.NewGuid():N}"[..36];
        await client.CreateVolumeAsync(name, new Dictionary<string, string> { [HashLabel] = meter.Hash }, cancellationToken);
        var filler = await client.CreateContainerAsync(new CreateContainerParameters
        {
            Image = image,
            Entrypoint = [RunMeter.ProgramPath],
            Cmd = [],
            NetworkDisabled = true,
            Labels = new Dictionary<string, string> { [Runs.ContainerSpec.ServiceLabel] = serviceName },
            HostConfig = new HostConfig { Binds = [$"{name}:{RunMeter.MountPath}"], NetworkMode = "none" },
        }, cancellationToken);
        try
        {
            await client.ExtractArchiveToContainerAsync(filler, RunMeter.MountPath, WriteAsync, cancellationToken);
        }
        finally
        {
            await client.RemoveContainerAsync(filler, CancellationToken.None);
        }

        await client.CreateVolumeAsync($"{name}-ready", new Dictionary<string, string> { [HashLabel] = meter.Hash, [ReadyLabel] = name }, cancellationToken);
        return name;
    }

    private async Task WriteAsync(Stream target, CancellationToken cancellationToken)
    {
        await using var writer = new TarWriter(target, TarEntryFormat.Pax, leaveOpen: true);
        await writer.WriteEntryAsync(new PaxTarEntry(TarEntryType.RegularFile, "joy-meter")
        {
            Mode = UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute | UnixFileMode.GroupRead
                   | UnixFileMode.GroupExecute | UnixFileMode.OtherRead | UnixFileMode.OtherExecute,
            ModificationTime = DateTimeOffset.UtcNow,
            DataStream = new MemoryStream(meter.Program, writable: false),
        }, cancellationToken);
    }
}
