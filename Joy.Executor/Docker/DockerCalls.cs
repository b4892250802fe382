using System.Net;
using Docker.DotNet.Models;

namespace Joy.Executor.Docker;

/// <summary>
/// The Docker.DotNet calls the executor makes, each named once with the parameters Joy always gives it, through
/// <see cref="DockerNodeClient"/> so failures carry the node and the status. Archives and logs are in their own parts.
/// </summary>
public static partial class DockerCalls
{
    private static readonly ContainerRemoveParameters ForcedRemoval = new() { Force = true, RemoveVolumes = true };

    private static readonly ContainerKillParameters SigKill = new() { Signal = "SIGKILL" };

    /// <summary>The new container's id.</summary>
    public static async Task<string> CreateContainerAsync(
        this DockerNodeClient client, CreateContainerParameters parameters, CancellationToken cancellationToken = default) =>
        (await client.CallAsync(
            "create container", (docker, token) => docker.Containers.CreateContainerAsync(parameters, token), cancellationToken)).ID;

    /// <summary>Starting a running container is not an error.</summary>
    public static Task StartContainerAsync(this DockerNodeClient client, string id, CancellationToken cancellationToken = default) =>
        client.CallAsync("start container", (docker, token) => docker.Containers.StartContainerAsync(id, null, token), cancellationToken);

    /// <summary>Blocks until the container stops, for as long as the caller's token allows.</summary>
    public static Task<ContainerWaitResponse> WaitContainerAsync(
        this DockerNodeClient client, string id, CancellationToken cancellationToken = default) =>
        client.CallAsync(
            "wait container", (docker, token) => docker.Containers.WaitContainerAsync(id, token), cancellationToken, streaming: true);

    /// <summary>Null when the container does not exist.</summary>
    public static Task<ContainerInspectResponse?> InspectContainerAsync(
        this DockerNodeClient client, string id, CancellationToken cancellationToken = default) =>
        client.FindAsync("inspect container", (docker, token) => docker.Containers.InspectContainerAsync(id, token), cancellationToken);

    /// <summary>SIGKILL; false when it was not running (409) or is gone (404).</summary>
    public static Task<bool> KillContainerAsync(this DockerNodeClient client, string id, CancellationToken cancellationToken = default) =>
        client.TryAsync(
            "kill container", (docker, token) => docker.Containers.KillContainerAsync(id, SigKill, token), cancellationToken,
            HttpStatusCode.Conflict);

    /// <summary>Forced, with its anonymous volumes; false when it was already gone.</summary>
    public static Task<bool> RemoveContainerAsync(this DockerNodeClient client, string id, CancellationToken cancellationToken = default) =>
        client.TryAsync(
            "remove container", (docker, token) => docker.Containers.RemoveContainerAsync(id, ForcedRemoval, token), cancellationToken);

    /// <summary>Every container, running or not, that carries all the labels (<c>key</c> or <c>key=value</c>).</summary>
    public static Task<IList<ContainerListResponse>> ListContainersAsync(
        this DockerNodeClient client, IEnumerable<string> labelFilters, CancellationToken cancellationToken = default)
    {
        var parameters = new ContainersListParameters
        {
            All = true,
            Filters = new Dictionary<string, IDictionary<string, bool>>
            {
                ["label"] = labelFilters.ToDictionary(filter => filter, _ => true),
            },
        };
        return client.CallAsync("list containers", (docker, token) => docker.Containers.ListContainersAsync(parameters, token), cancellationToken);
    }

    /// <summary>Throws unless the daemon answers.</summary>
    public static Task PingAsync(this DockerNodeClient client, CancellationToken cancellationToken = default) =>
        client.CallAsync("ping", (docker, token) => docker.System.PingAsync(token), cancellationToken);

    public static Task<VersionResponse> GetVersionAsync(this DockerNodeClient client, CancellationToken cancellationToken = default) =>
        client.CallAsync("version", (docker, token) => docker.System.GetVersionAsync(token), cancellationToken);

    /// <summary>Null when the node does not hold the image.</summary>
    public static Task<ImageInspectResponse?> InspectImageAsync(
        this DockerNodeClient client, string name, CancellationToken cancellationToken = default) =>
        client.FindAsync("inspect image", (docker, token) => docker.Images.InspectImageAsync(name, token), cancellationToken);

    /// <summary>When the container started and stopped, as the daemon reports them (RFC 3339, nanoseconds).</summary>
    public static (DateTimeOffset StartedAt, DateTimeOffset FinishedAt) Times(this State state) =>
        (Time(state.StartedAt), Time(state.FinishedAt));

    private static DateTimeOffset Time(string? value) =>
        DateTimeOffset.TryParse(value, System.Globalization.CultureInfo.InvariantCulture, out var time) ? time : DateTimeOffset.MinValue;
}
