using System.Collections.Concurrent;
using System.Net;
using System.Net.Http.Headers;
using Docker.DotNet.Handler.Abstractions;

namespace Joy.Executor.Docker;

/// <summary>
/// The inspects of a container whose exit is being read (<see cref="ReadingExitOf"/>): one request, on a new
/// connection. Other requests pass straight through.
/// </summary>
/// <remarks>
/// One request: Docker.DotNet's logs call inspects the container before it asks for the log, only to learn whether
/// it has a TTY (Joy's never do), and the run inspects it anyway for its exit code, OOM kill and times. The first
/// GET goes to the daemon, every other one gets a copy of its answer, so a run makes the calls it made before the
/// library. A new connection: a daemon that is told to stop closes its API listener first and then stops its
/// containers, while the connections it already has go on answering. A container stopped that way looks like one
/// that ended (it may even exit 0 on the SIGTERM); a pooled connection would read it as such, a new one is refused,
/// so the run is reported as lost with its node.
/// </remarks>
internal sealed class ExitInspects : DelegatingHandler
{
    private readonly ConcurrentDictionary<string, Slot> _reading = new(StringComparer.Ordinal);
    private HttpMessageInvoker? _newConnections;

    /// <summary>From now until disposed, inspects of <paramref name="containerId"/> are asked once, on a new connection.</summary>
    public IDisposable ReadingExitOf(string containerId)
    {
        var path = InspectPath(containerId);
        _reading[path] = new Slot();
        return new Reading(() => _reading.TryRemove(path, out _));
    }

    /// <summary>
    /// The node's authentication (TLS or none) with this handler in front of what it configured;
    /// <paramref name="unpooled"/>, a transport like the node's that never reuses a connection, gets it too.
    /// </summary>
    public IAuthProvider Around(IAuthProvider auth, HttpMessageHandler unpooled)
    {
        _newConnections = new HttpMessageInvoker(auth.ConfigureHandler(unpooled));
        return new Wrapping(auth, this);
    }

    protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        var path = request.RequestUri!.AbsolutePath;
        var at = path.IndexOf("/containers/", StringComparison.Ordinal);
        if (request.Method != HttpMethod.Get || at < 0 || !_reading.TryGetValue(path[at..], out var slot))
        {
            return await base.SendAsync(request, cancellationToken);
        }

        var (answer, first) = slot.Claim();
        if (first)
        {
            await answer.FetchAsync(() => _newConnections!.SendAsync(request, cancellationToken), cancellationToken);
        }

        return await answer.CopyAsync(request);
    }

    protected override void Dispose(bool disposing)
    {
        if (disposing)
        {
            _newConnections?.Dispose();
        }

        base.Dispose(disposing);
    }

    private static string InspectPath(string containerId) => $"/containers/{containerId}/json";

    private sealed class Slot
    {
        private Answer? _answer;

        /// <summary>The shared answer, and whether this asker is the first and so has to fetch it.</summary>
        public (Answer Answer, bool First) Claim()
        {
            var mine = new Answer();
            var held = Interlocked.CompareExchange(ref _answer, mine, null);
            return held is null ? (mine, true) : (held, false);
        }
    }

    /// <summary>One answer, buffered (an inspect is a few KiB) so that each asker gets its own response.</summary>
    private sealed class Answer
    {
        private readonly TaskCompletionSource<(HttpStatusCode Status, byte[] Body, MediaTypeHeaderValue? Type)> _fetched =
            new(TaskCreationOptions.RunContinuationsAsynchronously);

        public async Task FetchAsync(Func<Task<HttpResponseMessage>> send, CancellationToken cancellationToken)
        {
            try
            {
                using var response = await send();
                var body = await response.Content.ReadAsByteArrayAsync(cancellationToken);
                _fetched.SetResult((response.StatusCode, body, response.Content.Headers.ContentType));
            }
            catch (Exception exception)
            {
                // Every asker sees the failure as its own, and classifies it the same way.
                _fetched.SetException(exception);
            }
        }

        public async Task<HttpResponseMessage> CopyAsync(HttpRequestMessage request)
        {
            var (status, body, type) = await _fetched.Task;
            var content = new ByteArrayContent(body);
            content.Headers.ContentType = type;
            return new HttpResponseMessage(status) { RequestMessage = request, Content = content };
        }
    }

    private sealed class Reading(Action end) : IDisposable
    {
        public void Dispose() => end();
    }

    private sealed class Wrapping(IAuthProvider auth, ExitInspects handler) : IAuthProvider
    {
        public bool TlsEnabled => auth.TlsEnabled;

        public HttpMessageHandler ConfigureHandler(HttpMessageHandler transport)
        {
            handler.InnerHandler = auth.ConfigureHandler(transport);
            return handler;
        }
    }
}
