using System.Net;
using System.Net.Sockets;
using System.Text.Json;
using Docker.DotNet;

namespace Joy.Executor.Docker;

/// <summary>
/// One node's Docker.DotNet client, created once from its options, and the one place where what the library
/// throws becomes a <see cref="DockerNodeException"/> carrying the node, the call and the status code, or
/// (for the calls where it is an answer) "not found" becomes null or false. Thread-safe.
/// </summary>
public sealed class DockerNodeClient : IDisposable
{
    private readonly DockerClient _docker;
    private readonly ExitInspects _exitInspects = new();
    private readonly TimeSpan _requestTimeout;

    public DockerNodeClient(string node, DockerClientOptions options)
    {
        Node = node;
        _docker = DockerConnection.Create(options, _exitInspects);
        _requestTimeout = TimeSpan.FromMilliseconds(options.RequestTimeoutMs);
    }

    /// <summary>The node's name, carried by every exception.</summary>
    public string Node { get; }

    /// <summary>
    /// Makes one call. <paramref name="streaming"/>: a wait, an archive or a log, bounded by the caller's token
    /// only; any other call gets no more than the node's RequestTimeoutMs.
    /// </summary>
    public async Task<T> CallAsync<T>(
        string call, Func<IDockerClient, CancellationToken, Task<T>> send, CancellationToken cancellationToken, bool streaming = false)
    {
        using var timeout = streaming ? null : CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout?.CancelAfter(_requestTimeout);
        try
        {
            return await send(_docker, timeout?.Token ?? cancellationToken);
        }
        catch (DockerApiException exception)
        {
            throw new DockerNodeException(Node, call, exception.StatusCode, DaemonMessage(exception.ResponseBody), exception);
        }
        catch (OperationCanceledException) when (timeout is { IsCancellationRequested: true } && !cancellationToken.IsCancellationRequested)
        {
            throw new DockerNodeException(Node, call, null, $"no answer within {_requestTimeout.TotalSeconds:0.#} s");
        }
        catch (Exception exception) when (exception is HttpRequestException or IOException or SocketException)
        {
            // Refused, reset, cut mid-answer or TLS rejected: nothing the daemon said.
            throw new DockerNodeException(Node, call, null, exception.Message, exception);
        }
        catch (JsonException exception)
        {
            throw new DockerNodeException(Node, call, HttpStatusCode.OK, $"unreadable answer: {exception.Message}", exception);
        }
    }

    public Task CallAsync(
        string call, Func<IDockerClient, CancellationToken, Task> send, CancellationToken cancellationToken, bool streaming = false) =>
        CallAsync(call, async (docker, token) =>
        {
            await send(docker, token);
            return true;
        }, cancellationToken, streaming);

    /// <summary>A call whose "not found" is an answer (inspect, archive stat or download): null then.</summary>
    public async Task<T?> FindAsync<T>(
        string call, Func<IDockerClient, CancellationToken, Task<T>> send, CancellationToken cancellationToken, bool streaming = false)
        where T : class
    {
        try
        {
            return await CallAsync(call, send, cancellationToken, streaming);
        }
        catch (DockerNodeException exception) when (exception.IsNotFound)
        {
            return null;
        }
    }

    /// <summary>
    /// A call that may find nothing to do: false when the daemon answers "not found" or one of
    /// <paramref name="alsoNothing"/> (a kill of a stopped container is 409), true when it did it.
    /// </summary>
    public async Task<bool> TryAsync(
        string call, Func<IDockerClient, CancellationToken, Task> send, CancellationToken cancellationToken, params HttpStatusCode[] alsoNothing)
    {
        try
        {
            await CallAsync(call, send, cancellationToken);
            return true;
        }
        catch (DockerNodeException exception) when (exception.IsNotFound || exception.StatusCode is { } status && alsoNothing.Contains(status))
        {
            return false;
        }
    }

    /// <summary>
    /// Wraps the reads of a stopped container: until disposed, its inspects are one request, made on a new
    /// connection, so a node that stopped it by shutting down is seen as gone (see <see cref="ExitInspects"/>).
    /// </summary>
    public IDisposable ReadingExitOf(string containerId) => _exitInspects.ReadingExitOf(containerId);

    public void Dispose() => _docker.Dispose();

    // The daemon answers errors as {"message": "..."}; anything else is passed on as it came.
    private static string DaemonMessage(string? body)
    {
        try
        {
            using var document = JsonDocument.Parse(body ?? "");
            if (document.RootElement.ValueKind == JsonValueKind.Object
                && document.RootElement.TryGetProperty("message", out var message) && message.GetString() is { } text)
            {
                return text;
            }
        }
        catch (JsonException)
        {
            // Not JSON (empty, a proxy's page, cut short): the raw text below is the best there is.
        }

        return body?.Trim() ?? "";
    }
}
