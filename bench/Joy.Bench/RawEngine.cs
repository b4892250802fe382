using System.Net;
using System.Net.Http.Json;
using System.Net.Security;
using System.Net.Sockets;
using System.Security.Cryptography.X509Certificates;
using System.Text.Json;
using System.Text.Json.Serialization;
using Docker.DotNet.Models;
using Joy.Executor;

namespace Joy.Bench;

/// <summary>
/// The baselines' client: bare Engine API requests over HttpClient (SocketsHttpHandler; the unix socket through
/// its ConnectCallback, the TLS node with the client certificate), no client library. It is what the earlier
/// figures' baselines sent, so they stay comparable, and it measures the library's cost along with Joy's.
/// </summary>
public sealed class RawEngine : IDisposable
{
    private static readonly JsonSerializerOptions Json = new() { DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull };

    private readonly HttpClient _http;

    public RawEngine(NodeOptions node)
    {
        var address = new Uri(node.Address);
        var handler = new SocketsHttpHandler { UseProxy = false, UseCookies = false };
        if (address.Scheme == "unix")
        {
            handler.ConnectCallback = async (_, token) =>
            {
                var socket = new Socket(AddressFamily.Unix, SocketType.Stream, ProtocolType.Unspecified);
                await socket.ConnectAsync(new UnixDomainSocketEndPoint(address.AbsolutePath), token);
                return new NetworkStream(socket, ownsSocket: true);
            };
        }
        else if (address.Scheme == "https")
        {
            var client = node.ClientCertificatePath is { Length: > 0 } pfx
                ? X509CertificateLoader.LoadPkcs12FromFile(pfx, node.ClientCertificatePassword)
                : X509Certificate2.CreateFromPemFile(node.ClientCertificatePemPath!, node.ClientKeyPemPath);
            var ca = X509CertificateLoader.LoadCertificateFromFile(node.CaCertificatePath!);
            handler.SslOptions = new SslClientAuthenticationOptions
            {
                ClientCertificates = [client],
                LocalCertificateSelectionCallback = (_, _, _, _, _) => client,
                RemoteCertificateValidationCallback = (_, server, _, _) =>
                {
                    using var chain = new X509Chain();
                    chain.ChainPolicy.TrustMode = X509ChainTrustMode.CustomRootTrust;
                    chain.ChainPolicy.CustomTrustStore.Add(ca);
                    chain.ChainPolicy.RevocationMode = X509RevocationMode.NoCheck;
                    return chain.Build(new X509Certificate2(server!));
                },
            };
        }

        var root = address.Scheme == "unix" ? "http://docker" : $"{address.Scheme}://{address.Authority}";
        _http = new HttpClient(handler) { BaseAddress = new Uri($"{root}/v1.41/"), Timeout = Timeout.InfiniteTimeSpan };
    }

    /// <summary>POST /containers/create with the body serialized as Docker.DotNet's model names it.</summary>
    public async Task<string> CreateAsync(CreateContainerParameters body)
    {
        using var response = await SendAsync(HttpMethod.Post, "containers/create", JsonContent.Create(body, options: Json));
        return (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("Id").GetString()!;
    }

    public async Task StartAsync(string id) => (await SendAsync(HttpMethod.Post, $"containers/{id}/start")).Dispose();

    /// <summary>The exit code.</summary>
    public async Task<long> WaitAsync(string id)
    {
        using var response = await SendAsync(HttpMethod.Post, $"containers/{id}/wait");
        return (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("StatusCode").GetInt64();
    }

    public async Task InspectAsync(string id) => (await SendAsync(HttpMethod.Get, $"containers/{id}/json")).Dispose();

    public async Task LogsAsync(string id) => (await SendAsync(HttpMethod.Get, $"containers/{id}/logs?stdout=true&stderr=true")).Dispose();

    /// <summary>PUT of a tar into the container at <c>/workdir</c> (its volume: the root filesystem is read-only).</summary>
    public async Task UploadAsync(string id, byte[] tar) =>
        (await SendAsync(HttpMethod.Put, $"containers/{id}/archive?path=%2Fworkdir", new ByteArrayContent(tar))).Dispose();

    /// <summary>GET of a path's archive; a 404 (nothing there) is an answer.</summary>
    public async Task ProbeAsync(string id, string path) =>
        (await SendAsync(HttpMethod.Get, $"containers/{id}/archive?path={Uri.EscapeDataString(path)}", notFoundIsAnswer: true)).Dispose();

    public async Task RemoveAsync(string id) => (await SendAsync(HttpMethod.Delete, $"containers/{id}?force=true&v=true")).Dispose();

    public void Dispose() => _http.Dispose();

    private async Task<HttpResponseMessage> SendAsync(HttpMethod method, string path, HttpContent? content = null, bool notFoundIsAnswer = false)
    {
        var response = await _http.SendAsync(new HttpRequestMessage(method, path) { Content = content });
        if (!response.IsSuccessStatusCode && !(notFoundIsAnswer && response.StatusCode == HttpStatusCode.NotFound))
        {
            var body = await response.Content.ReadAsStringAsync();
            response.Dispose();
            throw new InvalidOperationException($"{method} {path}: {(int)response.StatusCode} {body}");
        }

        return response;
    }
}
