using System.Collections.Concurrent;
using System.Net;
using System.Net.Http.Headers;
using Docker.DotNet.Handler.Abstractions;

namespace Joy.Executor.Docker;

/// <summary>
/// Serves the inspects of a container that is being collected with one request. Docker.DotNet's logs call
/// inspects the container before it asks for the log, only to learn whether it has a TTY (Joy's never do);
/// the run inspects the stopped container anyway, for its exit code, OOM kill and times. While a container is
/// <see cref="Share"/>d, the first GET of its inspect goes to the daemon and every other one gets a copy of
/// that answer, so a run costs the calls it did before the library. Other requests pass straight through.
/// </summary>
internal sealed class SharedInspects : DelegatingHandler
{
    private readonly ConcurrentDictionary<string, Slot> _shared = new(StringComparer.Ordinal);

    /// <summary>From now until disposed, inspects of <paramref name="containerId"/> are asked once.</summary>
    public IDisposable Share(string containerId)
    {
        var path = InspectPath(containerId);
        _shared[path] = new Slot();
        return new Sharing(() => _shared.TryRemove(path, out _));
    }

    /// <summary>The node's authentication (TLS or none) with this handler in front of what it configured.</summary>
    public IAuthProvider Around(IAuthProvider auth) => new Wrapping(auth, this);

    protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        var path = request.RequestUri!.AbsolutePath;
        var at = path.IndexOf("/containers/", StringComparison.Ordinal);
        if (request.Method != HttpMethod.Get || at < 0 || !_shared.TryGetValue(path[at..], out var slot))
        {
            return await base.SendAsync(request, cancellationToken);
        }

        var (answer, first) = slot.Claim();
        if (first)
        {
            await answer.FetchAsync(() => base.SendAsync(request, cancellationToken), cancellationToken);
        }

        return await answer.CopyAsync(request);
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

    private sealed class Sharing(Action end) : IDisposable
    {
        public void Dispose() => end();
    }

    private sealed class Wrapping(IAuthProvider auth, SharedInspects handler) : IAuthProvider
    {
        public bool TlsEnabled => auth.TlsEnabled;

        public HttpMessageHandler ConfigureHandler(HttpMessageHandler transport)
        {
            handler.InnerHandler = auth.ConfigureHandler(transport);
            return handler;
        }
    }
}
