using System.Collections.Concurrent;
using System.Formats.Tar;
using System.Security.Cryptography;
using System.Text;
using Docker.DotNet.Models;
using Joy.Executor.Docker;
using Joy.Executor.Nodes;

namespace Joy.Executor.Runs;

/// <summary>
/// The image a run's container is made from: the actor's image plus one layer in which <c>/workdir</c> belongs to
/// the run's user. A run's <c>/workdir</c> is an anonymous volume of its own (the root filesystem is read-only), and
/// Docker gives a fresh volume the owner and mode of the image's directory; nothing else can: an archive upload never
/// changes the directory it extracts into, and a tmpfs neither receives uploads nor outlives the container for its
/// outputs. Made once per node, image and user (create, upload, commit: well under a second), tagged
/// <c>joy-hardened:HASH</c> of the image's id and the user, so any process finds it again; looked up again after
/// <see cref="RefreshAfter"/>, so an image tag moved to a new image is picked up. The image's own config (entrypoint,
/// environment) is kept; its CMD is not (runs always give theirs).
/// </summary>
public sealed class HardenedImages(ContainerHardening hardening, string serviceName)
{
    public const string Repository = "joy-hardened";

    public static readonly TimeSpan RefreshAfter = TimeSpan.FromSeconds(30);

    private readonly ConcurrentDictionary<(string Node, string Image), (Lazy<Task<string>> Id, DateTimeOffset At)> _images = new();

    /// <summary>The hardened image's id; <paramref name="image"/> itself when the node does not hold it (the create then says so).</summary>
    public async Task<string> EnsureAsync(DockerNode node, string image, CancellationToken cancellationToken)
    {
        var now = DateTimeOffset.UtcNow;
        // Shared by every run that waits for it, so no one run's cancellation ends it (each call has its own timeout).
        (Lazy<Task<string>>, DateTimeOffset) Fresh() => (new Lazy<Task<string>>(() => FindOrMakeAsync(node.Client, image, CancellationToken.None)), now);
        var entry = _images.AddOrUpdate((node.Name, image), _ => Fresh(), (_, old) => now - old.At < RefreshAfter ? old : Fresh());
        try
        {
            return await entry.Id.Value.WaitAsync(cancellationToken);
        }
        catch
        {
            _images.TryRemove(new KeyValuePair<(string, string), (Lazy<Task<string>>, DateTimeOffset)>((node.Name, image), entry));
            throw;
        }
    }

    /// <summary>Forget a node's images: it may have been reset while away.</summary>
    public void Forget(string node)
    {
        foreach (var key in _images.Keys.Where(key => key.Node == node))
        {
            _images.TryRemove(key, out _);
        }
    }

    /// <summary>The tag of the hardened image of the image with id <paramref name="imageId"/>.</summary>
    public static string Tag(string imageId, ContainerHardening hardening) =>
        Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes($"{imageId} {hardening.User}")))[..16];

    private async Task<string> FindOrMakeAsync(DockerNodeClient client, string image, CancellationToken cancellationToken)
    {
        if (await client.InspectImageAsync(image, cancellationToken) is not { } source)
        {
            return image;
        }

        var tag = Tag(source.ID, hardening);
        if (await client.InspectImageAsync($"{Repository}:{tag}", cancellationToken) is { } made)
        {
            return made.ID;
        }

        // Never started: its CMD only lets images without one be created.
        var helper = await client.CreateContainerAsync(new CreateContainerParameters
        {
            Image = source.ID,
            Cmd = ["joy-hardening"],
            NetworkDisabled = true,
            Labels = new Dictionary<string, string> { [ContainerSpec.ServiceLabel] = serviceName },
            HostConfig = new HostConfig { NetworkMode = "none" },
        }, cancellationToken);
        try
        {
            await client.ExtractArchiveToContainerAsync(helper, "/", WriteAsync, cancellationToken);
            return await client.CommitContainerAsync(helper, Repository, tag, cancellationToken);
        }
        finally
        {
            await client.RemoveContainerAsync(helper, CancellationToken.None);
        }
    }

    private async Task WriteAsync(Stream target, CancellationToken cancellationToken)
    {
        await using var writer = new TarWriter(target, TarEntryFormat.Pax, leaveOpen: true);
        await writer.WriteEntryAsync(new PaxTarEntry(TarEntryType.Directory, ContainerSpec.WorkDir.TrimStart('/') + "/")
        {
            Mode = WorkDirArchive.DirectoryMode,
            Uid = hardening.Uid,
            Gid = hardening.Gid,
            ModificationTime = DateTimeOffset.UtcNow,
        }, cancellationToken);
    }
}
