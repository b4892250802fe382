using System.Collections.Concurrent;
using Joy.Application.Execution;
using Joy.Executor.Docker;
using Joy.Executor.Nodes;

namespace Joy.Executor.Runs;

public sealed partial class DockerActorRunner
{
    // Per node and image: can its containers write their own work dir (a /bin/sh, no entrypoint)?
    private readonly ConcurrentDictionary<(string Node, string Image), bool> _inlineCapable = new();

    private static (string Node, string Image) InlineKey(ActorRunRequest request, DockerNode node) =>
        (node.Name, ContainerSpec.ImageOf(request, node.Options));

    /// <summary>The run's files for <see cref="InlineWorkDir"/>, or null when it takes the archive upload.</summary>
    private async Task<IReadOnlyList<InlineWorkDir.File>?> InlineWorkDirAsync(ActorRunRequest request, DockerNode node, CancellationToken cancellationToken)
    {
        var key = InlineKey(request, node);
        if (_options.InlineWorkDirLimitBytes <= 0 || !_inlineCapable.GetValueOrDefault(key, true)
            || await InlineWorkDir.TryReadAsync(request, _options.InlineWorkDirLimitBytes, cancellationToken) is not { } files)
        {
            return null;
        }

        if (!_inlineCapable.ContainsKey(key)
            && (await node.Client.InspectImageAsync(key.Image, cancellationToken))?.Config?.Entrypoint is { Count: > 0 })
        {
            _inlineCapable[key] = false; // its entrypoint would get the prologue as arguments
            return null;
        }

        return files;
    }

    /// <summary>On an image's first inline run on a node, whether it has the shell (a stat, ~2 ms); null when known already.</summary>
    private async Task<bool?> ConfirmShellAsync(ActorRunRequest request, DockerNode node, string containerId, CancellationToken cancellationToken)
    {
        var key = InlineKey(request, node);
        if (_inlineCapable.ContainsKey(key))
        {
            return null;
        }

        var hasShell = await node.Client.StatPathAsync(containerId, InlineWorkDir.Shell, cancellationToken) is not null;
        _inlineCapable[key] = hasShell;
        return hasShell;
    }
}
