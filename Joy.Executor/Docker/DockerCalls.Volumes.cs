using Docker.DotNet.Models;

namespace Joy.Executor.Docker;

public static partial class DockerCalls
{
    /// <summary>The node's volumes that carry the label (<c>key</c> or <c>key=value</c>).</summary>
    public static async Task<IList<VolumeResponse>> ListVolumesAsync(
        this DockerNodeClient client, string labelFilter, CancellationToken cancellationToken = default)
    {
        var parameters = new VolumesListParameters
        {
            Filters = new Dictionary<string, IDictionary<string, bool>> { ["label"] = new Dictionary<string, bool> { [labelFilter] = true } },
        };
        return (await client.CallAsync("list volumes", (docker, token) => docker.Volumes.ListAsync(parameters, token), cancellationToken))
            .Volumes ?? [];
    }

    /// <summary>A named local volume; creating one that exists is not an error (the daemon answers with it).</summary>
    public static Task CreateVolumeAsync(
        this DockerNodeClient client, string name, IDictionary<string, string> labels, CancellationToken cancellationToken = default) =>
        client.CallAsync(
            "create volume",
            (docker, token) => docker.Volumes.CreateAsync(new VolumesCreateParameters { Name = name, Labels = labels }, token),
            cancellationToken);
}
