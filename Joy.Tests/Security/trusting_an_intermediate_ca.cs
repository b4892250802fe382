using System.Security.Cryptography.X509Certificates;
using Joy.Web.Security;
using Microsoft.AspNetCore.Authentication.Certificate;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace Joy.Tests.Security;

/// <summary>
/// A CaFile holding a root and an intermediate: the root is the only trust anchor, the intermediate completes the
/// chains of the certificates it issued, as the certificate handler gets its options from Joy's settings.
/// </summary>
public class trusting_an_intermediate_ca
{
    [Fact]
    public void the_root_anchors_and_the_intermediate_completes_the_chain()
    {
        using var pki = new TestCertificates();
        var intermediate = pki.Intermediate("CN=Joy Test Issuing CA, O=Joy Tests");
        File.WriteAllText(pki.CaFile, pki.Ca.ExportCertificatePem() + "\n" + intermediate.ExportCertificatePem());
        var options = HandlerOptions(pki.CaFile, "NoCheck");

        options.CustomTrustStore.Select(c => c.Thumbprint).ShouldBe([pki.Ca.Thumbprint]);
        options.AdditionalChainCertificates.Select(c => c.Thumbprint).ShouldBe([intermediate.Thumbprint]);
        Builds(options, pki.Client("CN=below-the-intermediate", issuer: intermediate)).ShouldBeTrue();
        Builds(options, pki.Client("CN=stranger", issuer: pki.OtherCa)).ShouldBeFalse();
    }

    /// <summary>What the README warns of: revocation is checked online unless turned off, and a CA with no list fails it.</summary>
    [Fact]
    public void by_default_a_ca_that_publishes_no_revocation_list_is_refused()
    {
        using var pki = new TestCertificates();
        var options = HandlerOptions(pki.CaFile, revocationMode: null);

        options.RevocationMode.ShouldBe(X509RevocationMode.Online);
        Builds(options, pki.Client("CN=unrevokable")).ShouldBeFalse();
    }

    private static CertificateAuthenticationOptions HandlerOptions(string caFile, string? revocationMode)
    {
        var configuration = new ConfigurationBuilder()
            .AddInMemoryCollection(new Dictionary<string, string?>
            {
                ["Joy:Auth:Certificates:CaFile"] = caFile,
                ["Joy:Auth:Certificates:RevocationMode"] = revocationMode, // present but empty: still the default
            })
            .Build();
        var services = new ServiceCollection().AddSingleton<IConfiguration>(configuration).AddLogging();
        services.AddAuthentication().AddJoyCertificates();
        using var provider = services.BuildServiceProvider();
        return provider.GetRequiredService<IOptionsMonitor<CertificateAuthenticationOptions>>().Get(CertificateAuthentication.SchemeName);
    }

    /// <summary>The chain the handler builds, with its options.</summary>
    private static bool Builds(CertificateAuthenticationOptions options, X509Certificate2 certificate)
    {
        using var chain = new X509Chain();
        chain.ChainPolicy.TrustMode = options.ChainTrustValidationMode;
        chain.ChainPolicy.CustomTrustStore.AddRange(options.CustomTrustStore);
        chain.ChainPolicy.ExtraStore.AddRange(options.AdditionalChainCertificates);
        chain.ChainPolicy.RevocationMode = options.RevocationMode;
        return chain.Build(certificate);
    }
}
