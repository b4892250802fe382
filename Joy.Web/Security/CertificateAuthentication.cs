using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using Joy.Application.Security;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authentication.Certificate;
using Microsoft.AspNetCore.Server.Kestrel.Core;
using Microsoft.AspNetCore.Server.Kestrel.Https;
using Microsoft.Extensions.Options;

namespace Joy.Web.Security;

/// <summary>
/// Client certificates (the original service's credential): the HTTPS endpoint asks for one without requiring it,
/// so API keys work there too; the certificate handler validates the chain against <c>CaFile</c> only, and a
/// trusted certificate becomes the principal named by its subject with the role its thumbprint or subject maps to.
/// </summary>
public static class CertificateAuthentication
{
    public const string SchemeName = "Certificate";

    public const string Credential = "certificate";

    private static readonly Oid ClientAuthentication = new("1.3.6.1.5.5.7.3.2");

    public static AuthenticationBuilder AddJoyCertificates(this AuthenticationBuilder authentication)
    {
        var services = authentication.Services;
        services.AddOptions<ClientCertificateOptions>().BindConfiguration(ClientCertificateOptions.Section).ValidateOnStart();
        services.AddSingleton<IValidateOptions<ClientCertificateOptions>, ClientCertificateOptionsValidation>();
        services.AddOptions<KestrelServerOptions>().Configure<IOptions<ClientCertificateOptions>>((kestrel, certificates) =>
        {
            if (certificates.Value.Enabled)
            {
                kestrel.ConfigureHttpsDefaults(https =>
                {
                    https.ClientCertificateMode = ClientCertificateMode.AllowCertificate;
                    // The TLS layer would check the chain against the machine's roots and drop the connection; the
                    // handler checks it against CaFile instead and answers a refused certificate with a 401.
                    https.ClientCertificateValidation = (_, _, _) => true;
                });
            }
        });

        authentication.AddCertificate(SchemeName);
        services.AddOptions<CertificateAuthenticationOptions>(SchemeName).Configure<IOptions<ClientCertificateOptions>>((handler, joy) =>
        {
            handler.AllowedCertificateTypes = CertificateTypes.Chained;
            handler.ChainTrustValidationMode = X509ChainTrustMode.CustomRootTrust;
            handler.RevocationMode = joy.Value.RevocationMode ?? X509RevocationMode.Online;
            if (joy.Value.Enabled)
            {
                foreach (var ca in joy.Value.LoadCas())
                {
                    (ca.SubjectName.RawData.AsSpan().SequenceEqual(ca.IssuerName.RawData) ? handler.CustomTrustStore : handler.AdditionalChainCertificates).Add(ca);
                }
            }

            handler.Events = new CertificateAuthenticationEvents
            {
                OnCertificateValidated = context => Map(context, joy.Value),
                OnAuthenticationFailed = Refuse,
            };
        });
        return authentication;
    }

    private static Task Map(CertificateValidatedContext context, ClientCertificateOptions options)
    {
        var certificate = context.ClientCertificate;
        if (options.RoleOf(certificate) is { } role)
        {
            context.Principal = JoyPrincipal.Create(certificate.Subject, role, Credential);
            context.Success();
        }
        else
        {
            context.Fail(new CertificateNotMapped(
                $"The client certificate '{certificate.Subject}' (SHA-256 {certificate.GetCertHashString(HashAlgorithmName.SHA256)}) is trusted but has no role: " +
                $"map its subject or thumbprint to one in {ClientCertificateOptions.Section}:Subjects or :Thumbprints."));
        }

        return Task.CompletedTask;
    }

    /// <summary>The library says only "failed validation"; the caller is told which checks its chain failed.</summary>
    private static Task Refuse(CertificateAuthenticationFailedContext context)
    {
        if (context.Exception is CertificateNotMapped || context.HttpContext.Connection.ClientCertificate is not { } certificate)
        {
            return Task.CompletedTask;
        }

        using var chain = new X509Chain();
        chain.ChainPolicy.TrustMode = X509ChainTrustMode.CustomRootTrust;
        chain.ChainPolicy.CustomTrustStore.AddRange(context.Options.CustomTrustStore);
        chain.ChainPolicy.ExtraStore.AddRange(context.Options.AdditionalChainCertificates);
        chain.ChainPolicy.RevocationMode = context.Options.RevocationMode;
        chain.ChainPolicy.ApplicationPolicy.Add(ClientAuthentication);
        var failed = chain.Build(certificate)
            ? "it is self-signed"
            : string.Join(", ", chain.ChainStatus.Select(s => s.Status.ToString()).Distinct());
        context.Fail($"The client certificate '{certificate.Subject}' is refused ({failed}): it must chain to a CA in " +
            $"{ClientCertificateOptions.Section}:CaFile, be within its validity period and allow client authentication.");
        return Task.CompletedTask;
    }

    private sealed class CertificateNotMapped(string message) : Exception(message);
}
