using System.Security.Cryptography.X509Certificates;
using Joy.Application.Security;
using Microsoft.Extensions.Options;

namespace Joy.Web.Security;

/// <summary>
/// <c>Joy:Auth:Certificates</c>: client certificates (mutual TLS on the HTTPS endpoint). Off while
/// <see cref="CaFile"/> is unset: the HTTPS endpoint then asks for no certificate.
/// </summary>
public sealed class ClientCertificateOptions
{
    public const string Section = "Joy:Auth:Certificates";

    /// <summary>
    /// PEM file of the CA certificates trusted for client certificates. A client's chain is validated against these
    /// only (custom root trust), never the machine's store; intermediates in the file complete chains.
    /// </summary>
    public string? CaFile { get; set; }

    /// <summary>Subject distinguished name (as <c>CN=alice, O=Example</c>) to role name.</summary>
    public Dictionary<string, string> Subjects { get; set; } = [];

    /// <summary>
    /// Certificate thumbprint (SHA-1 or SHA-256, hex in either case; no colons, which configuration reads as
    /// nesting) to role name; checked before the subject.
    /// </summary>
    public Dictionary<string, string> Thumbprints { get; set; } = [];

    /// <summary>
    /// Whether a revocation list is fetched (<c>Online</c>, the default), only cached ones are used
    /// (<c>Offline</c>), or none (<c>NoCheck</c>, for a CA that publishes none).
    /// </summary>
    /// <remarks>Nullable: a key present with no value binds as null, which must mean the default, not NoCheck (0).</remarks>
    public X509RevocationMode? RevocationMode { get; set; }

    public bool Enabled => !string.IsNullOrWhiteSpace(CaFile);

    /// <summary>The role mapped to <paramref name="certificate"/>: by thumbprint first, then by subject.</summary>
    public Role? RoleOf(X509Certificate2 certificate)
    {
        var sha1 = certificate.Thumbprint;
        var sha256 = certificate.GetCertHashString(System.Security.Cryptography.HashAlgorithmName.SHA256);
        foreach (var (thumbprint, role) in Thumbprints)
        {
            var hex = NormalThumbprint(thumbprint);
            if ((hex == sha1 || hex == sha256) && Roles.TryParse(role, out var mapped))
            {
                return mapped;
            }
        }

        foreach (var (subject, role) in Subjects)
        {
            if (string.Equals(NormalSubject(subject), certificate.SubjectName.Name, StringComparison.OrdinalIgnoreCase) && Roles.TryParse(role, out var mapped))
            {
                return mapped;
            }
        }

        return null;
    }

    /// <summary>The CA file's certificates: self-signed ones are roots, the others intermediates.</summary>
    public X509Certificate2Collection LoadCas()
    {
        var all = new X509Certificate2Collection();
        all.ImportFromPemFile(CaFile!);
        return all;
    }

    internal static string NormalThumbprint(string thumbprint) =>
        thumbprint.Replace(" ", "", StringComparison.Ordinal).ToUpperInvariant();

    /// <summary>
    /// The subject as .NET writes a certificate's (<c>CN=alice, O=Example</c>), so spacing and quoting do not matter;
    /// decoded again from its encoding, as a name parsed from text keeps that text as its Name.
    /// </summary>
    internal static string NormalSubject(string subject) => new X500DistinguishedName(new X500DistinguishedName(subject).RawData).Name;
}

/// <summary>Refuses to start on a CA file that is missing or holds no certificate, a bad thumbprint, subject or role.</summary>
public sealed class ClientCertificateOptionsValidation : IValidateOptions<ClientCertificateOptions>
{
    public ValidateOptionsResult Validate(string? name, ClientCertificateOptions options)
    {
        var problems = new List<string>();
        if (!options.Enabled)
        {
            if (options.Subjects.Count + options.Thumbprints.Count > 0)
            {
                problems.Add($"{ClientCertificateOptions.Section}: Subjects or Thumbprints are set but CaFile is not: no certificate could be trusted.");
            }

            return problems.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(problems);
        }

        if (!File.Exists(options.CaFile))
        {
            problems.Add($"{ClientCertificateOptions.Section}:CaFile {options.CaFile} does not exist.");
        }
        else
        {
            try
            {
                if (options.LoadCas().Count == 0)
                {
                    problems.Add($"{ClientCertificateOptions.Section}:CaFile {options.CaFile} holds no PEM certificate.");
                }
            }
            catch (System.Security.Cryptography.CryptographicException)
            {
                problems.Add($"{ClientCertificateOptions.Section}:CaFile {options.CaFile} is not a readable PEM certificate file.");
            }
        }

        foreach (var (thumbprint, role) in options.Thumbprints)
        {
            if (ClientCertificateOptions.NormalThumbprint(thumbprint) is not { Length: 40 or 64 } hex || !hex.All(Uri.IsHexDigit))
            {
                problems.Add($"{ClientCertificateOptions.Section}:Thumbprints: '{thumbprint}' is not a SHA-1 or SHA-256 thumbprint in hex.");
            }

            CheckRole(problems, "Thumbprints", thumbprint, role);
        }

        foreach (var (subject, role) in options.Subjects)
        {
            try
            {
                ClientCertificateOptions.NormalSubject(subject);
            }
            catch (System.Security.Cryptography.CryptographicException)
            {
                problems.Add($"{ClientCertificateOptions.Section}:Subjects: '{subject}' is not a distinguished name (as CN=alice, O=Example).");
            }

            CheckRole(problems, "Subjects", subject, role);
        }

        return problems.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(problems);
    }

    private static void CheckRole(List<string> problems, string map, string key, string role)
    {
        if (!Roles.TryParse(role, out _))
        {
            problems.Add($"{ClientCertificateOptions.Section}:{map}:{key}: '{role}' is not a role ({string.Join(", ", Roles.All.Select(r => r.Name()))}).");
        }
    }
}
