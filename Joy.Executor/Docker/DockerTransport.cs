using System.Net.Security;
using System.Net.Sockets;
using System.Security.Cryptography.X509Certificates;

namespace Joy.Executor.Docker;

/// <summary>
/// Builds the HTTP handler for one node: a unix socket through ConnectCallback, plain TCP, or mutual
/// TLS whose server chain is validated against the pinned CA only.
/// </summary>
internal static class DockerTransport
{
    public static (HttpMessageHandler Handler, Uri BaseAddress) Create(DockerClientOptions options)
    {
        var address = new Uri(options.Address);
        var handler = new SocketsHttpHandler
        {
            ConnectTimeout = TimeSpan.FromMilliseconds(options.ConnectTimeoutMs),
            PooledConnectionIdleTimeout = TimeSpan.FromSeconds(60),
            UseCookies = false,
            UseProxy = false,
            AutomaticDecompression = System.Net.DecompressionMethods.None,
        };
        var prefix = $"{options.ApiVersion.Trim('/')}/";
        switch (address.Scheme)
        {
            case "unix":
                var socketPath = address.AbsolutePath;
                handler.ConnectCallback = async (_, cancellationToken) =>
                {
                    var socket = new Socket(AddressFamily.Unix, SocketType.Stream, ProtocolType.Unspecified);
                    try
                    {
                        await socket.ConnectAsync(new UnixDomainSocketEndPoint(socketPath), cancellationToken);
                        return new NetworkStream(socket, ownsSocket: true);
                    }
                    catch
                    {
                        socket.Dispose();
                        throw;
                    }
                };
                return (handler, new Uri($"http://docker/{prefix}"));
            case "tcp" or "http":
                return (handler, new Uri($"http://{address.Authority}/{prefix}"));
            case "https":
                ConfigureTls(handler, options);
                return (handler, new Uri($"https://{address.Authority}/{prefix}"));
            default:
                throw new ArgumentException($"Unsupported Docker address scheme '{address.Scheme}' in '{options.Address}'.");
        }
    }

    private static void ConfigureTls(SocketsHttpHandler handler, DockerClientOptions options)
    {
        var ssl = new SslClientAuthenticationOptions { ClientCertificates = [] };
        if (LoadClientCertificate(options) is { } clientCertificate)
        {
            ssl.ClientCertificates.Add(clientCertificate);
            // Hand the certificate over even when the server's CA list does not name its issuer.
            ssl.LocalCertificateSelectionCallback = (_, _, _, _, _) => clientCertificate;
        }

        if (options.CaCertificatePath is { Length: > 0 } caPath)
        {
            var ca = X509CertificateLoader.LoadCertificateFromFile(caPath);
            ssl.RemoteCertificateValidationCallback = (_, certificate, _, errors) =>
                certificate is not null && IsSignedByPinnedCa(new X509Certificate2(certificate), ca, errors);
        }

        handler.SslOptions = ssl;
    }

    private static X509Certificate2? LoadClientCertificate(DockerClientOptions options)
    {
        if (options.ClientCertificatePath is { Length: > 0 } pfx)
        {
            return X509CertificateLoader.LoadPkcs12FromFile(pfx, options.ClientCertificatePassword);
        }

        if (options.ClientCertificatePemPath is { Length: > 0 } pem)
        {
            using var ephemeral = X509Certificate2.CreateFromPemFile(pem, options.ClientKeyPemPath);
            // SslStream wants a key it can export into its own context; round-trip through PKCS#12.
            return X509CertificateLoader.LoadPkcs12(ephemeral.Export(X509ContentType.Pkcs12), null);
        }

        return null;
    }

    // The system trust store is deliberately ignored: only the node's own CA may vouch for it.
    private static bool IsSignedByPinnedCa(X509Certificate2 server, X509Certificate2 ca, SslPolicyErrors errors)
    {
        if (errors.HasFlag(SslPolicyErrors.RemoteCertificateNameMismatch)
            || errors.HasFlag(SslPolicyErrors.RemoteCertificateNotAvailable))
        {
            return false;
        }

        using var chain = new X509Chain();
        chain.ChainPolicy.TrustMode = X509ChainTrustMode.CustomRootTrust;
        chain.ChainPolicy.CustomTrustStore.Add(ca);
        chain.ChainPolicy.RevocationMode = X509RevocationMode.NoCheck;
        return chain.Build(server);
    }
}
