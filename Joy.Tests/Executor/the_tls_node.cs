using System.Net.Security;
using System.Security.Cryptography.X509Certificates;
using Joy.Executor;
using Joy.Executor.Docker;
using Joy.Tests.Infrastructure;

namespace Joy.Tests.Executor;

public class the_tls_node
{
    private static NodeOptions Node2 => TestExecutor.EnvironmentOptions().Nodes["node-2"];

    private static string Tls(string file) => Path.Combine(TestEnvironment.StateDir, "tls", file);

    [Fact]
    public async Task answers_a_client_with_the_pfx_certificate()
    {
        using var client = new DockerNodeClient("node-2", Node2);

        (await client.GetVersionAsync()).APIVersion.ShouldBe("1.41");
    }

    [Fact]
    public async Task answers_a_client_with_the_pem_certificate_pair()
    {
        var options = Node2;
        options.ClientCertificatePath = null;
        options.ClientCertificatePemPath = Tls("client-cert.pem");
        options.ClientKeyPemPath = Tls("client-key.pem");
        using var client = new DockerNodeClient("node-2", options);

        await client.PingAsync();
    }

    [Fact]
    public async Task refuses_a_client_without_a_certificate()
    {
        var options = Node2;
        options.ClientCertificatePath = null;
        using var client = new DockerNodeClient("node-2", options);

        var refused = await Should.ThrowAsync<DockerNodeException>(() => client.PingAsync());

        refused.Node.ShouldBe("node-2");
        refused.IsUnreachable.ShouldBeTrue();
        (await RawStatusAsync(certificate: null)).ShouldBe("refused");
    }

    [Fact]
    public async Task refuses_a_client_whose_certificate_another_ca_signed()
    {
        var options = Node2;
        options.ClientCertificatePath = Tls("other-client.pfx");
        options.ClientCertificatePassword = File.ReadAllText(Tls("other-client.pfx.password")).Trim();
        using var client = new DockerNodeClient("node-2", options);

        (await Should.ThrowAsync<DockerNodeException>(() => client.PingAsync())).IsUnreachable.ShouldBeTrue();
        var other = X509CertificateLoader.LoadPkcs12FromFile(options.ClientCertificatePath, options.ClientCertificatePassword);
        (await RawStatusAsync(other)).ShouldBe("refused");
        var right = X509CertificateLoader.LoadPkcs12FromFile(Node2.ClientCertificatePath!, Node2.ClientCertificatePassword);
        (await RawStatusAsync(right)).ShouldBe("200");
    }

    [Fact]
    public async Task is_refused_when_its_certificate_is_not_from_the_pinned_ca()
    {
        // Pinning the other CA: node-2's real server certificate must now fail validation on our side.
        var options = Node2;
        options.CaCertificatePath = Tls("other-ca.pem");
        using var client = new DockerNodeClient("node-2", options);

        (await Should.ThrowAsync<DockerNodeException>(() => client.PingAsync())).IsUnreachable.ShouldBeTrue();
    }

    [Fact]
    public async Task is_refused_when_its_certificate_does_not_name_the_host_dialled()
    {
        // The same listener and the right CA, dialled as 127.0.0.1 in its IPv4-mapped IPv6 form, which the
        // server certificate (127.0.0.1, localhost) does not name: the chain is fine, the name is not.
        var options = Node2;
        options.Address = $"https://[::ffff:127.0.0.1]:{new Uri(options.Address).Port}";
        using var client = new DockerNodeClient("node-2", options);

        (await Should.ThrowAsync<DockerNodeException>(() => client.PingAsync())).IsUnreachable.ShouldBeTrue();
        var right = X509CertificateLoader.LoadPkcs12FromFile(Node2.ClientCertificatePath!, Node2.ClientCertificatePassword);
        (await RawStatusAsync(right, options.Address)).ShouldBe("200"); // a check of the chain alone lets it in
    }

    // Plain HttpClient, no Joy code: what the daemon itself does with the client's certificate.
    private static async Task<string> RawStatusAsync(X509Certificate2? certificate, string? address = null)
    {
        var ca = X509CertificateLoader.LoadCertificateFromFile(Tls("ca.pem"));
        using var handler = new SocketsHttpHandler
        {
            SslOptions = new SslClientAuthenticationOptions
            {
                ClientCertificates = certificate is null ? [] : [certificate],
                LocalCertificateSelectionCallback = (_, _, _, _, _) => certificate!,
                RemoteCertificateValidationCallback = (_, server, _, _) =>
                {
                    using var chain = new X509Chain();
                    chain.ChainPolicy.TrustMode = X509ChainTrustMode.CustomRootTrust;
                    chain.ChainPolicy.CustomTrustStore.Add(ca);
                    chain.ChainPolicy.RevocationMode = X509RevocationMode.NoCheck;
                    return chain.Build(new X509Certificate2(server!));
                },
            },
        };
        using var http = new HttpClient(handler) { Timeout = TimeSpan.FromSeconds(10) };
        try
        {
            using var response = await http.GetAsync((address ?? Node2.Address).TrimEnd('/') + "/_ping");
            return ((int)response.StatusCode).ToString();
        }
        catch (HttpRequestException)
        {
            return "refused";
        }
    }
}
