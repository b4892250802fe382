using Joy.Executor.Docker;

namespace Joy.Executor.Nodes;

/// <summary>What /health says about one node, checked live rather than from the pool's last ping.</summary>
public sealed record NodeHealth(
    string Name,
    string Address,
    bool Reachable,
    string? Version,
    string? ApiVersion,
    string Image,
    bool ImagePresent,
    string? Error)
{
    public bool IsHealthy => Reachable && ImagePresent;
}

/// <summary>Pings a node, reads its version and looks for its runner image, within a short timeout.</summary>
public sealed class NodeProbe(NodePool pool)
{
    public Task<NodeHealth[]> ProbeAllAsync(TimeSpan timeout, CancellationToken cancellationToken = default) =>
        Task.WhenAll(pool.Nodes.Select(node => ProbeAsync(node, timeout, cancellationToken)));

    public static async Task<NodeHealth> ProbeAsync(DockerNode node, TimeSpan timeout, CancellationToken cancellationToken = default)
    {
        using var limit = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        limit.CancelAfter(timeout);
        var health = new NodeHealth(node.Name, node.Options.Address, false, null, null, node.Options.Image, false, null);
        try
        {
            var client = node.Client;
            await client.PingAsync(limit.Token);
            var version = await client.GetVersionAsync(limit.Token);
            health = health with { Reachable = true, Version = version.Version, ApiVersion = version.APIVersion };
            var image = await client.InspectImageAsync(node.Options.Image, limit.Token);
            return image is null
                ? health with { Error = $"runner image '{node.Options.Image}' is not on the node" }
                : health with { ImagePresent = true };
        }
        catch (DockerNodeException exception)
        {
            return health with { Error = exception.Message };
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            return health with { Error = $"no answer within {timeout.TotalSeconds:0.#} s" };
        }
    }
}
