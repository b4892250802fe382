using System.Net;
using System.Text;
using System.Text.Json;

namespace Joy.Executor.Docker;

public sealed partial class DockerClient
{
    /// <summary>
    /// PUT /containers/{id}/archive?path=...: extracts a tar that <paramref name="writeTar"/> writes straight
    /// into the request body (chunked), so no file is ever held whole in memory.
    /// </summary>
    public async Task ExtractArchiveToContainerAsync(
        string id, string path, Func<Stream, CancellationToken, Task> writeTar, CancellationToken cancellationToken = default)
    {
        var request = new HttpRequestMessage(HttpMethod.Put, $"containers/{Escape(id)}/archive?path={Escape(path)}")
        {
            Content = new StreamingTarContent(writeTar, cancellationToken),
        };
        using var response = await SendAsync("upload archive", request, cancellationToken, streaming: true);
    }

    /// <summary>
    /// GET /containers/{id}/archive?path=...: the tar of that path, streamed; null when the path does not exist.
    /// Dispose the answer to release the connection.
    /// </summary>
    public async Task<GetArchiveFromContainerResponse?> GetArchiveFromContainerAsync(
        string id, string path, CancellationToken cancellationToken = default)
    {
        var response = await SendAsync(
            "download archive",
            new HttpRequestMessage(HttpMethod.Get, $"containers/{Escape(id)}/archive?path={Escape(path)}"),
            cancellationToken,
            streaming: true,
            alsoAccepted: HttpStatusCode.NotFound);
        if (response.StatusCode == HttpStatusCode.NotFound)
        {
            response.Dispose();
            return null;
        }

        var stat = response.Headers.TryGetValues("X-Docker-Container-Path-Stat", out var values)
            ? JsonSerializer.Deserialize<ContainerPathStat>(Encoding.UTF8.GetString(Convert.FromBase64String(values.First())), Json)
            : null;
        return new GetArchiveFromContainerResponse(response, stat, await response.Content.ReadAsStreamAsync(cancellationToken));
    }

    /// <summary>
    /// HEAD /containers/{id}/archive?path=...: what is at that path in the container's file system (a
    /// stat, cheap: nothing is archived), or null when nothing is.
    /// </summary>
    public async Task<ContainerPathStat?> StatPathAsync(string id, string path, CancellationToken cancellationToken = default)
    {
        using var response = await SendAsync(
            "stat path",
            new HttpRequestMessage(HttpMethod.Head, $"containers/{Escape(id)}/archive?path={Escape(path)}"),
            cancellationToken,
            alsoAccepted: HttpStatusCode.NotFound);
        return response.StatusCode == HttpStatusCode.NotFound ? null
            : response.Headers.TryGetValues("X-Docker-Container-Path-Stat", out var values)
                ? JsonSerializer.Deserialize<ContainerPathStat>(Encoding.UTF8.GetString(Convert.FromBase64String(values.First())), Json)
                : new ContainerPathStat(path, 0, 0, null);
    }

    private sealed class StreamingTarContent(Func<Stream, CancellationToken, Task> writeTar, CancellationToken cancellationToken)
        : HttpContent
    {
        protected override Task SerializeToStreamAsync(Stream stream, TransportContext? context) =>
            writeTar(stream, cancellationToken);

        protected override Task SerializeToStreamAsync(Stream stream, TransportContext? context, CancellationToken token) =>
            writeTar(stream, token);

        protected override bool TryComputeLength(out long length)
        {
            length = 0;
            return false;
        }
    }
}

public sealed record ContainerPathStat(string Name, long Size, uint Mode, string? LinkTarget);

/// <summary>A streamed tar from a container; owns the HTTP response until disposed.</summary>
public sealed class GetArchiveFromContainerResponse(HttpResponseMessage response, ContainerPathStat? stat, Stream stream)
    : IDisposable
{
    public ContainerPathStat? Stat { get; } = stat;

    public Stream Stream { get; } = stream;

    public void Dispose()
    {
        Stream.Dispose();
        response.Dispose();
    }
}
