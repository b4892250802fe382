using System.Net;
using System.Net.Sockets;
using System.Text;
using Joy.Application.Telemetry;

namespace Joy.Application.Instances.Reactors;

/// <summary>What one attempt came to. <see cref="Final"/>: do not try again (the host is refused).</summary>
public sealed record CallbackOutcome(int? Status, string? Error, bool Final = false)
{
    public bool Delivered => Error is null && Status is >= 200 and < 300;
}

/// <summary>
/// POSTs one callback. The address rule of <see cref="CallbackHostPolicy"/> is applied when the
/// socket connects, to the addresses actually used, so a name re-resolving to 127.0.0.1 after the
/// check (DNS rebinding) is still refused. Redirects are not followed and no proxy is used: both
/// would send the request somewhere the allow list never saw.
/// </summary>
public sealed class CallbackSender : IDisposable
{
    private readonly CallbackOptions _options;
    private readonly CallbackHostPolicy _policy;
    private readonly HttpClient _client;
    private readonly Func<string, CancellationToken, Task<IPAddress[]>> _resolve;

    /// <param name="options">Allow list, timeout.</param>
    /// <param name="resolve">Name resolution; DNS unless a test stands in for a hostile resolver.</param>
    public CallbackSender(CallbackOptions options, Func<string, CancellationToken, Task<IPAddress[]>>? resolve = null)
    {
        _options = options;
        _resolve = resolve ?? Dns.GetHostAddressesAsync;
        _policy = new CallbackHostPolicy(options.AllowedHosts);
        var handler = new SocketsHttpHandler
        {
            AllowAutoRedirect = false,
            UseProxy = false,
            PooledConnectionLifetime = TimeSpan.FromMinutes(2),
            ConnectCallback = ConnectAsync,
        };
        _client = new HttpClient(handler) { Timeout = Timeout.InfiniteTimeSpan };
    }

    public async Task<CallbackOutcome> SendAsync(string host, string payloadJson, CancellationToken cancellationToken)
    {
        var outcome = await TrySendAsync(host, payloadJson, cancellationToken);
        JoyTelemetry.CallbackAttempts.Add(1);
        if (!outcome.Delivered)
        {
            JoyTelemetry.CallbackFailures.Add(1);
        }

        return outcome;
    }

    private async Task<CallbackOutcome> TrySendAsync(string host, string payloadJson, CancellationToken cancellationToken)
    {
        if (!_policy.TryGetUrl(host, out var url, out var refusal))
        {
            return new CallbackOutcome(null, refusal, Final: true);
        }

        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(_options.Timeout);
        try
        {
            using var content = new StringContent(payloadJson, Encoding.UTF8, "application/json");
            using var response = await _client.PostAsync(url, content, timeout.Token);
            return new CallbackOutcome((int)response.StatusCode, response.IsSuccessStatusCode ? null : $"HTTP {(int)response.StatusCode}");
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            return new CallbackOutcome(null, $"No answer within {_options.Timeout.TotalSeconds:0.###} s.");
        }
        catch (HttpRequestException e) when (e.InnerException is CallbackRefusedException refused)
        {
            return new CallbackOutcome(null, refused.Message, Final: true);
        }
        catch (HttpRequestException e)
        {
            return new CallbackOutcome(null, $"{e.HttpRequestError}: {e.Message}");
        }
    }

    public void Dispose() => _client.Dispose();

    private async ValueTask<Stream> ConnectAsync(SocketsHttpConnectionContext context, CancellationToken cancellationToken)
    {
        var host = context.DnsEndPoint.Host;
        var addresses = CallbackHostPolicy.IsLiteral(host) && IPAddress.TryParse(host.Trim('[', ']'), out var literal)
            ? [literal]
            : await _resolve(host, cancellationToken);
        var usable = CallbackHostPolicy.IsLiteral(host) ? addresses : addresses.Where(a => !CallbackHostPolicy.IsForbidden(a)).ToArray();
        if (usable.Length == 0)
        {
            throw new CallbackRefusedException(
                $"Callback host '{host}' resolves to a loopback, link-local or metadata address ({string.Join(", ", addresses.Select(a => a.ToString()))}); refused.");
        }

        var socket = new Socket(SocketType.Stream, ProtocolType.Tcp) { NoDelay = true };
        try
        {
            await socket.ConnectAsync(usable, context.DnsEndPoint.Port, cancellationToken);
            return new NetworkStream(socket, ownsSocket: true);
        }
        catch
        {
            socket.Dispose();
            throw;
        }
    }
}

/// <summary>The callback's host led to an address the policy forbids.</summary>
public sealed class CallbackRefusedException(string message) : Exception(message);
