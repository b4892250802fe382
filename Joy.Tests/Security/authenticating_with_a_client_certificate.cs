using System.Net;
using System.Text.Json;
using Joy.Tests.Infrastructure;
using static Joy.Tests.Definitions.DefinitionsApi;

namespace Joy.Tests.Security;

/// <summary>
/// Mutual TLS on the service's HTTPS endpoint (issue 14): a certificate of the configured CA is a principal named by
/// its subject with the role its subject or thumbprint maps to; any other certificate, or none, is a 401.
/// </summary>
public class authenticating_with_a_client_certificate(CertificateHost host) : IClassFixture<CertificateHost>
{
    [Fact]
    public async Task a_mapped_subject_reads_as_its_role_and_is_refused_a_write()
    {
        using var client = host.Client(host.Certificates.Client(CertificateHost.ReaderSubject));

        var caller = await ShouldBeAsync(await client.GetAsync("/api/v1/whoami"), HttpStatusCode.OK);
        caller.GetProperty("name").GetString().ShouldBe(CertificateHost.ReaderSubject);
        caller.GetProperty("role").GetString().ShouldBe("reader");
        caller.GetProperty("credential").GetString().ShouldBe("certificate");
        await ShouldBeAsync(await client.GetAsync("/api/v1/Actor/All"), HttpStatusCode.OK);
        var refused = await ShouldBeAsync(await client.PutAsync("/api/v1/Actor", Actor("cert-reader-write")), HttpStatusCode.Forbidden);
        refused.GetProperty("detail").GetString()!.ShouldContain("needs the operator role");
    }

    [Fact]
    public async Task a_thumbprint_maps_a_certificate_too()
    {
        using var client = host.Client(host.ByThumbprint);

        var caller = await ShouldBeAsync(await client.GetAsync("/api/v1/whoami"), HttpStatusCode.OK);
        caller.GetProperty("name").GetString().ShouldBe("CN=joy-thumbprint, O=Joy Tests");
        caller.GetProperty("role").GetString().ShouldBe("submitter");
    }

    [Fact]
    public async Task a_trusted_certificate_without_a_mapping_is_401_saying_so()
    {
        using var client = host.Client(host.Certificates.Client("CN=joy-unmapped, O=Joy Tests"));

        var problem = await ShouldBeAsync(await client.GetAsync("/api/v1/Actor/All"), HttpStatusCode.Unauthorized);
        problem.GetProperty("detail").GetString()!.ShouldContain("'CN=joy-unmapped, O=Joy Tests'");
        problem.GetProperty("detail").GetString()!.ShouldContain("is trusted but has no role");
    }

    [Fact]
    public async Task a_mapped_subject_from_another_ca_is_401()
    {
        using var client = host.Client(host.Certificates.Client(CertificateHost.ReaderSubject, issuer: host.Certificates.OtherCa));

        var problem = await ShouldBeAsync(await client.GetAsync("/api/v1/Actor/All"), HttpStatusCode.Unauthorized);
        problem.GetProperty("detail").GetString()!.ShouldContain("is refused");
        problem.GetProperty("detail").GetString()!.ShouldContain("Joy:Auth:Certificates:CaFile");
    }

    [Fact]
    public async Task an_expired_certificate_of_the_ca_is_401()
    {
        using var client = host.Client(host.Certificates.Client(CertificateHost.ReaderSubject, expired: true));

        var problem = await ShouldBeAsync(await client.GetAsync("/api/v1/Actor/All"), HttpStatusCode.Unauthorized);
        problem.GetProperty("detail").GetString()!.ShouldContain("NotTimeValid");
    }

    [Fact]
    public async Task no_certificate_and_no_key_is_401()
    {
        using var client = host.Client(null);

        var problem = await ShouldBeAsync(await client.GetAsync("/api/v1/Actor/All"), HttpStatusCode.Unauthorized);
        problem.GetProperty("detail").GetString()!.ShouldContain("needs a credential");
    }

    [Fact]
    public async Task an_api_key_still_works_on_the_https_endpoint()
    {
        using var client = host.Client(null).Authorized();

        var caller = await ShouldBeAsync(await client.GetAsync("/api/v1/whoami"), HttpStatusCode.OK);
        caller.GetProperty("role").GetString().ShouldBe("admin");
        caller.GetProperty("credential").GetString().ShouldBe("api-key");
    }

    [Fact]
    public async Task the_certificate_subject_is_the_actor_of_the_events_it_causes()
    {
        using var client = host.Client(host.Certificates.Client(CertificateHost.OperatorSubject));
        await ShouldBeAsync(await client.PutAsync("/api/v1/Actor", Actor("cert-audited")), HttpStatusCode.Created);

        var defined = await FindEventAsync(client, "actor-cert-audited");
        defined.GetProperty("metadata").GetProperty("actor").GetString().ShouldBe(CertificateHost.OperatorSubject);
    }

    /// <summary>The global log is read up to the daemon's high-water mark, which follows the append shortly.</summary>
    private static async Task<JsonElement> FindEventAsync(HttpClient client, string stream)
    {
        var deadline = DateTime.UtcNow.AddSeconds(15);
        while (true)
        {
            var page = await ShouldBeAsync(await client.GetAsync("/api/v1/events?limit=1000"), HttpStatusCode.OK);
            foreach (var e in page.GetProperty("events").EnumerateArray())
            {
                if (e.GetProperty("streamId").GetString() == stream)
                {
                    return e;
                }
            }

            DateTime.UtcNow.ShouldBeLessThan(deadline, $"no event of {stream} in the log");
            await Task.Delay(200);
        }
    }
}
