namespace Joy.Executor.Docker;

public sealed partial class DockerClient
{
    /// <summary>GET /_ping: throws unless the daemon answers.</summary>
    public async Task PingAsync(CancellationToken cancellationToken = default)
    {
        using var response = await SendAsync("ping", new HttpRequestMessage(HttpMethod.Get, "_ping"), cancellationToken);
    }

    /// <summary>GET /version.</summary>
    public Task<VersionResponse> GetVersionAsync(CancellationToken cancellationToken = default) =>
        SendJsonAsync<VersionResponse>("version", new HttpRequestMessage(HttpMethod.Get, "version"), cancellationToken);
}

public sealed record VersionResponse(string Version, string ApiVersion, string? MinAPIVersion, string? Os, string? Arch);
