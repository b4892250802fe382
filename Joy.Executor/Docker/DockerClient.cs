using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using System.Text.Json.Serialization;

namespace Joy.Executor.Docker;

/// <summary>
/// A small, typed client for the Docker Engine API (v1.41) over HttpClient, shaped like Docker.DotNet's
/// surface. One instance per node; thread-safe. Every failure is a <see cref="DockerApiException"/>.
/// </summary>
public sealed partial class DockerClient : IDisposable
{
    internal static readonly JsonSerializerOptions Json = new()
    {
        DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
        PropertyNameCaseInsensitive = true,
    };

    private readonly HttpClient _http;
    private readonly TimeSpan _requestTimeout;

    public DockerClient(string node, DockerClientOptions options)
    {
        Node = node;
        Options = options;
        var (handler, baseAddress) = DockerTransport.Create(options);
        _http = new HttpClient(handler) { BaseAddress = baseAddress, Timeout = Timeout.InfiniteTimeSpan };
        _requestTimeout = TimeSpan.FromMilliseconds(options.RequestTimeoutMs);
    }

    /// <summary>The node's name, carried by every exception.</summary>
    public string Node { get; }

    public DockerClientOptions Options { get; }

    public void Dispose() => _http.Dispose();

    /// <summary>Sends a request and maps transport failures and non-success statuses to DockerApiException.</summary>
    private async Task<HttpResponseMessage> SendAsync(
        string call,
        HttpRequestMessage request,
        CancellationToken cancellationToken,
        bool streaming = false,
        params HttpStatusCode[] alsoAccepted)
    {
        using var timeout = streaming ? null : CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout?.CancelAfter(_requestTimeout);
        HttpResponseMessage response;
        try
        {
            response = await _http.SendAsync(
                request,
                streaming ? HttpCompletionOption.ResponseHeadersRead : HttpCompletionOption.ResponseContentRead,
                timeout?.Token ?? cancellationToken);
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            throw new DockerApiException(Node, call, null, $"no answer within {_requestTimeout.TotalSeconds:0.#} s");
        }
        catch (HttpRequestException exception)
        {
            throw new DockerApiException(Node, call, null, exception.Message, exception);
        }

        if (response.IsSuccessStatusCode || alsoAccepted.Contains(response.StatusCode))
        {
            return response;
        }

        using (response)
        {
            throw new DockerApiException(Node, call, response.StatusCode, await ReadErrorAsync(response, cancellationToken));
        }
    }

    private async Task<T> SendJsonAsync<T>(string call, HttpRequestMessage request, CancellationToken cancellationToken)
    {
        using var response = await SendAsync(call, request, cancellationToken);
        return await ReadJsonAsync<T>(call, response, cancellationToken);
    }

    private async Task<T> ReadJsonAsync<T>(string call, HttpResponseMessage response, CancellationToken cancellationToken)
    {
        try
        {
            return await response.Content.ReadFromJsonAsync<T>(Json, cancellationToken)
                ?? throw new DockerApiException(Node, call, response.StatusCode, "empty response body");
        }
        catch (JsonException exception)
        {
            throw new DockerApiException(Node, call, response.StatusCode, $"unreadable answer: {exception.Message}", exception);
        }
        catch (Exception exception) when (exception is HttpRequestException or IOException)
        {
            throw new DockerApiException(Node, call, null, exception.Message, exception);
        }
    }

    private static HttpRequestMessage JsonRequest(HttpMethod method, string path, object body) =>
        new(method, path) { Content = JsonContent.Create(body, body.GetType(), options: Json) };

    // The daemon answers errors as {"message": "..."}; fall back to the raw text.
    private static async Task<string> ReadErrorAsync(HttpResponseMessage response, CancellationToken cancellationToken)
    {
        var text = await response.Content.ReadAsStringAsync(cancellationToken);
        try
        {
            using var document = JsonDocument.Parse(text);
            if (document.RootElement.TryGetProperty("message", out var message))
            {
                return message.GetString() ?? text;
            }
        }
        catch (JsonException)
        {
            // Not JSON (a proxy's page, a truncated body): the raw text below is the best we have.
        }

        return text.Trim();
    }

    private static string Escape(string value) => Uri.EscapeDataString(value);
}
