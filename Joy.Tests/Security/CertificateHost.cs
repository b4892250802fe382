using System.Net;
using System.Net.Security;
using System.Net.Sockets;
using System.Security.Cryptography.X509Certificates;
using Joy.Tests.Infrastructure;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Extensions.Configuration;

namespace Joy.Tests.Security;

/// <summary>
/// The real service on Kestrel with its HTTPS endpoint configured as an operator would (<c>Kestrel:Endpoints</c>,
/// a PEM certificate and key) and client certificates trusted from <see cref="TestCertificates.CaFile"/>, over a
/// fresh database. Subjects and a thumbprint are mapped to roles; clients connect with a certificate of their own.
/// </summary>
public sealed class CertificateHost : IAsyncLifetime
{
    public const string ReaderSubject = "CN=joy-reader, O=Joy Tests";
    public const string OperatorSubject = "CN=joy-operator, O=Joy Tests";

    private readonly TestDatabase _database = new();
    private WebApplicationFactory<Program>? _factory;

    public TestCertificates Certificates { get; } = new();

    /// <summary>Mapped to submitter by its SHA-1 thumbprint, written in lower case.</summary>
    public X509Certificate2 ByThumbprint { get; private set; } = null!;

    public Uri Address { get; private set; } = null!;

    public async Task InitializeAsync()
    {
        await _database.InitializeAsync();
        ByThumbprint = Certificates.Client("CN=joy-thumbprint, O=Joy Tests");
        var thumbprint = ByThumbprint.Thumbprint.ToLowerInvariant();
        var port = FreePort();
        Address = new Uri($"https://127.0.0.1:{port}");
        var settings = new Dictionary<string, string?>
        {
            ["ConnectionStrings:Joy"] = _database.ConnectionString,
            ["Joy:Dispatcher:Enabled"] = "false",
            ["Kestrel:Endpoints:Https:Url"] = Address.ToString(),
            ["Kestrel:Endpoints:Https:Certificate:Path"] = Certificates.ServerCertificateFile,
            ["Kestrel:Endpoints:Https:Certificate:KeyPath"] = Certificates.ServerKeyFile,
            ["Joy:Auth:Certificates:CaFile"] = Certificates.CaFile,
            // The test CA publishes no revocation list.
            ["Joy:Auth:Certificates:RevocationMode"] = "NoCheck",
            [$"Joy:Auth:Certificates:Subjects:{ReaderSubject}"] = "reader",
            [$"Joy:Auth:Certificates:Subjects:{OperatorSubject}"] = "operator",
            [$"Joy:Auth:Certificates:Thumbprints:{thumbprint}"] = "submitter",
        };
        _factory = new WebApplicationFactory<Program>().WithWebHostBuilder(host =>
            host.ConfigureAppConfiguration((_, configuration) => configuration.AddInMemoryCollection(settings)));
        _factory.UseKestrel();
        _factory.StartServer();
    }

    /// <summary>A client presenting <paramref name="certificate"/> (none: no certificate) and trusting only the test server.</summary>
    public HttpClient Client(X509Certificate2? certificate)
    {
        var handler = new SocketsHttpHandler
        {
            SslOptions = new SslClientAuthenticationOptions
            {
                // Sent whatever CA names the server lists: a certificate of another CA must reach the handler.
                LocalCertificateSelectionCallback = (_, _, _, _, _) => certificate!,
                RemoteCertificateValidationCallback = (_, server, _, _) =>
                    server is not null && server.GetCertHashString() == Certificates.Server.GetCertHashString(),
            },
        };
        return new HttpClient(handler) { BaseAddress = Address, Timeout = TimeSpan.FromSeconds(30) };
    }

    public async Task DisposeAsync()
    {
        if (_factory is not null)
        {
            await _factory.DisposeAsync();
        }

        await _database.DisposeAsync();
        Certificates.Dispose();
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
