using Docker.DotNet.Models;

namespace Joy.Executor.Docker;

public static partial class DockerCalls
{
    /// <summary>Commits the container's changes as <paramref name="repository"/>:<paramref name="tag"/>; the new image's id.</summary>
    public static async Task<string> CommitContainerAsync(
        this DockerNodeClient client, string id, string repository, string tag, CancellationToken cancellationToken = default) =>
        (await client.CallAsync(
            "commit container",
            (docker, token) => docker.Images.CommitContainerChangesAsync(
                new CommitContainerChangesParameters { ContainerID = id, RepositoryName = repository, Tag = tag, Pause = false }, token),
            cancellationToken)).ID;
}
