using System.Net.Security;
using System.Net.Sockets;
using System.Security.Cryptography.X509Certificates;
using Docker.DotNet;
using Docker.DotNet.Handler.Abstractions;
using Docker.DotNet.NativeHttp;
using Docker.DotNet.X509;

namespace Joy.Executor.Docker;

/// <summary>
/// Docker.DotNet's client for one node, from its options. Every address goes through the NativeHttp transport
/// (SocketsHttpHandler; a unix socket is dialled by its ConnectCallback), mutual TLS through
/// Docker.DotNet.X509 with the server pinned to the configured CA. <see cref="ExitInspects"/> sits in front.
/// </summary>
internal static class DockerConnection
{
    public static DockerClient Create(DockerClientOptions options, ExitInspects exitInspects)
    {
        var address = new Uri(options.Address);
        var client = LoadClientCertificate(options);
        var (endpoint, auth) = address.Scheme switch
        {
            // The host name is only a label: the connect callback dials the socket.
            "unix" => (new Uri("http://docker"), NoopAuthProvider.Instance),
            "tcp" or "http" => (address, NoopAuthProvider.Instance),
            "https" => (address, new CertificateCredentials(client) { ServerCertificateValidationCallback = PinnedCa(options) }),
            _ => throw new ArgumentException($"Unsupported Docker address scheme '{address.Scheme}' in '{options.Address}'."),
        };
        var unpooled = new SocketsHttpHandler();
        Configure(unpooled, options, address, client);
        unpooled.PooledConnectionLifetime = TimeSpan.Zero;
        return new DockerClientBuilder()
            .WithEndpoint(endpoint)
            .WithApiVersion(Version.Parse(options.ApiVersion.TrimStart('v')))
            // DockerNodeClient bounds each call itself: an upload or a wait may rightly take long.
            .WithTimeout(Timeout.InfiniteTimeSpan)
            .WithAuthProvider(exitInspects.Around(auth, unpooled))
            .WithTransportOptions(new NativeHttpTransportOptions { ConfigureHandler = handler => Configure(handler, options, address, client) })
            .Build();
    }

    private static void Configure(SocketsHttpHandler handler, DockerClientOptions options, Uri address, X509Certificate2? client)
    {
        handler.ConnectTimeout = TimeSpan.FromMilliseconds(options.ConnectTimeoutMs);
        // Each running container holds a connection in its wait: the library's cap of 10 would queue the
        // node's other calls (and its health pings) behind them.
        handler.MaxConnectionsPerServer = int.MaxValue;
        handler.PooledConnectionIdleTimeout = TimeSpan.FromSeconds(60);
        handler.UseProxy = false;
        handler.UseCookies = false;
        if (address.Scheme == "unix")
        {
            var endpoint = new UnixDomainSocketEndPoint(address.AbsolutePath);
            handler.ConnectCallback = async (_, cancellationToken) =>
            {
                var socket = new Socket(AddressFamily.Unix, SocketType.Stream, ProtocolType.Unspecified);
                try
                {
                    await socket.ConnectAsync(endpoint, cancellationToken);
                    return new NetworkStream(socket, ownsSocket: true);
                }
                catch
                {
                    socket.Dispose();
                    throw;
                }
            };
        }

        if (client is not null)
        {
            // Hand the certificate over even when the server's list of CAs does not name its issuer.
            handler.SslOptions.LocalCertificateSelectionCallback = (_, _, _, _, _) => client;
        }
    }

    private static X509Certificate2? LoadClientCertificate(DockerClientOptions options) =>
        options.ClientCertificatePath is { Length: > 0 } pfx
            ? DockerTlsCertificates.LoadCertificateFromPfxFile(pfx, options.ClientCertificatePassword ?? "")
            : options.ClientCertificatePemPath is { Length: > 0 } pem
                ? DockerTlsCertificates.LoadCertificateFromPemFiles(pem, options.ClientKeyPemPath ?? "")
                : null;

    /// <summary>
    /// The node's server certificate must chain to the configured CA (the system store is deliberately ignored)
    /// and name the host dialled. Docker.DotNet.X509's own CA check does not look at the name, so it is not used.
    /// Without a configured CA the platform's usual validation applies.
    /// </summary>
    private static RemoteCertificateValidationCallback? PinnedCa(DockerClientOptions options)
    {
        if (options.CaCertificatePath is not { Length: > 0 } caPath)
        {
            return null;
        }

        var ca = X509CertificateLoader.LoadCertificateFromFile(caPath);
        return (_, certificate, _, errors) =>
        {
            if (certificate is null || errors.HasFlag(SslPolicyErrors.RemoteCertificateNameMismatch)
                || errors.HasFlag(SslPolicyErrors.RemoteCertificateNotAvailable))
            {
                return false;
            }

            using var chain = new X509Chain();
            chain.ChainPolicy.TrustMode = X509ChainTrustMode.CustomRootTrust;
            chain.ChainPolicy.CustomTrustStore.Add(ca);
            chain.ChainPolicy.RevocationMode = X509RevocationMode.NoCheck;
            return chain.Build(certificate as X509Certificate2 ?? new X509Certificate2(certificate));
        };
    }
}
