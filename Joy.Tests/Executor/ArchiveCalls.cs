using System.Net.Sockets;
using System.Text.Json;

namespace Joy.Tests.Executor;

/// <summary>
/// Counts the archive calls the daemon served for one test's containers on node-1, from its event stream:
/// <c>extract-to-dir</c> per upload, <c>archive-path</c> per download that found its path (each one a re-exec
/// of dockerd; a download that finds nothing raises no event). Subscribe before the run, then read up to
/// the container's removal.
/// </summary>
public sealed class ArchiveCalls : IAsyncDisposable
{
    private readonly HttpClient _http;
    private readonly HttpResponseMessage _response;
    private readonly StreamReader _events;

    private ArchiveCalls(HttpClient http, HttpResponseMessage response, StreamReader events) =>
        (_http, _response, _events) = (http, response, events);

    public const string Node = "node-1";

    public static async Task<ArchiveCalls> WatchAsync(TestExecutor executor)
    {
        var socketPath = new Uri(executor.Options.Nodes[Node].Address).AbsolutePath;
        var http = new HttpClient(new SocketsHttpHandler
        {
            ConnectCallback = async (_, cancellationToken) =>
            {
                var socket = new Socket(AddressFamily.Unix, SocketType.Stream, ProtocolType.Unspecified);
                await socket.ConnectAsync(new UnixDomainSocketEndPoint(socketPath), cancellationToken);
                return new NetworkStream(socket, ownsSocket: true);
            },
        }) { Timeout = Timeout.InfiniteTimeSpan };
        var filters = JsonSerializer.Serialize(new Dictionary<string, string[]>
        {
            ["type"] = ["container"],
            ["label"] = [$"joy.service={executor.Options.ServiceName}"],
        });
        // The daemon subscribes before it sends the headers: once they are here, no event is missed.
        var response = await http.GetAsync($"http://docker/v1.41/events?filters={Uri.EscapeDataString(filters)}", HttpCompletionOption.ResponseHeadersRead);
        response.EnsureSuccessStatusCode();
        return new ArchiveCalls(http, response, new StreamReader(await response.Content.ReadAsStreamAsync()));
    }

    /// <summary>Uploads and downloads-that-found-something until the container was removed.</summary>
    public async Task<(int Uploads, int Downloads)> UntilRemovedAsync(string containerId)
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        var (uploads, downloads) = (0, 0);
        while (await _events.ReadLineAsync(timeout.Token) is { } line)
        {
            using var message = JsonDocument.Parse(line);
            if (message.RootElement.GetProperty("id").GetString() != containerId)
            {
                continue;
            }

            switch (message.RootElement.GetProperty("Action").GetString())
            {
                case "extract-to-dir":
                    uploads++;
                    break;
                case "archive-path":
                    downloads++;
                    break;
                case "destroy":
                    return (uploads, downloads);
            }
        }

        throw new InvalidOperationException("The event stream ended before the container was removed.");
    }

    public ValueTask DisposeAsync()
    {
        _events.Dispose();
        _response.Dispose();
        _http.Dispose();
        return ValueTask.CompletedTask;
    }
}
