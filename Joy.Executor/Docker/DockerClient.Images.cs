namespace Joy.Executor.Docker;

public sealed partial class DockerClient
{
    /// <summary>GET /images/{name}/json; null when the node does not hold the image.</summary>
    public async Task<ImageInspectResponse?> InspectImageAsync(string name, CancellationToken cancellationToken = default)
    {
        using var response = await SendAsync(
            "inspect image", new HttpRequestMessage(HttpMethod.Get, $"images/{Escape(name)}/json"), cancellationToken,
            alsoAccepted: System.Net.HttpStatusCode.NotFound);
        return response.StatusCode == System.Net.HttpStatusCode.NotFound
            ? null
            : await ReadJsonAsync<ImageInspectResponse>("inspect image", response, cancellationToken);
    }
}

public sealed record ImageInspectResponse(string Id, IReadOnlyList<string>? RepoTags, long Size, ImageConfig? Config = null);

/// <summary>The parts of an image's configuration a run depends on.</summary>
public sealed record ImageConfig(IReadOnlyList<string>? Entrypoint, IReadOnlyList<string>? Cmd);
