using System.Net;
using System.Text.Json;

namespace Joy.Executor.Docker;

public sealed partial class DockerClient
{
    /// <summary>POST /containers/create.</summary>
    public Task<CreateContainerResponse> CreateContainerAsync(
        CreateContainerParameters parameters, string? name = null, CancellationToken cancellationToken = default) =>
        SendJsonAsync<CreateContainerResponse>(
            "create container",
            JsonRequest(HttpMethod.Post, name is null ? "containers/create" : $"containers/create?name={Escape(name)}", parameters),
            cancellationToken);

    /// <summary>POST /containers/{id}/start; starting a running container is not an error.</summary>
    public async Task StartContainerAsync(string id, CancellationToken cancellationToken = default)
    {
        using var response = await SendAsync(
            "start container", new HttpRequestMessage(HttpMethod.Post, $"containers/{Escape(id)}/start"), cancellationToken,
            alsoAccepted: HttpStatusCode.NotModified);
    }

    /// <summary>POST /containers/{id}/wait?condition=not-running: blocks until the container stops.</summary>
    public async Task<ContainerWaitResponse> WaitContainerAsync(string id, CancellationToken cancellationToken = default)
    {
        using var response = await SendAsync(
            "wait container",
            new HttpRequestMessage(HttpMethod.Post, $"containers/{Escape(id)}/wait?condition=not-running"),
            cancellationToken,
            streaming: true);
        return await ReadJsonAsync<ContainerWaitResponse>("wait container", response, cancellationToken);
    }

    /// <summary>GET /containers/{id}/json; null when the container does not exist.</summary>
    public async Task<ContainerInspectResponse?> InspectContainerAsync(string id, CancellationToken cancellationToken = default)
    {
        using var response = await SendAsync(
            "inspect container", new HttpRequestMessage(HttpMethod.Get, $"containers/{Escape(id)}/json"), cancellationToken,
            alsoAccepted: HttpStatusCode.NotFound);
        return response.StatusCode == HttpStatusCode.NotFound
            ? null
            : await ReadJsonAsync<ContainerInspectResponse>("inspect container", response, cancellationToken);
    }

    /// <summary>POST /containers/{id}/kill; false when it was not running (409) or is gone (404).</summary>
    public async Task<bool> KillContainerAsync(string id, string signal = "SIGKILL", CancellationToken cancellationToken = default)
    {
        using var response = await SendAsync(
            "kill container",
            new HttpRequestMessage(HttpMethod.Post, $"containers/{Escape(id)}/kill?signal={Escape(signal)}"),
            cancellationToken,
            alsoAccepted: [HttpStatusCode.Conflict, HttpStatusCode.NotFound]);
        return response.IsSuccessStatusCode;
    }

    /// <summary>DELETE /containers/{id}?force=true&amp;v=true; false when it was already gone.</summary>
    public async Task<bool> RemoveContainerAsync(string id, bool force = true, CancellationToken cancellationToken = default)
    {
        using var response = await SendAsync(
            "remove container",
            new HttpRequestMessage(HttpMethod.Delete, $"containers/{Escape(id)}?force={(force ? "true" : "false")}&v=true"),
            cancellationToken,
            alsoAccepted: HttpStatusCode.NotFound);
        return response.IsSuccessStatusCode;
    }

    /// <summary>GET /containers/json?all=true with label filters ("key" or "key=value").</summary>
    public Task<IReadOnlyList<ContainerListResponse>> ListContainersAsync(
        IReadOnlyList<string> labelFilters, CancellationToken cancellationToken = default)
    {
        var filters = JsonSerializer.Serialize(new Dictionary<string, IReadOnlyList<string>> { ["label"] = labelFilters });
        return SendJsonAsync<IReadOnlyList<ContainerListResponse>>(
            "list containers",
            new HttpRequestMessage(HttpMethod.Get, $"containers/json?all=true&filters={Escape(filters)}"),
            cancellationToken);
    }
}
