using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;

namespace Joy.Tests.Security;

/// <summary>
/// A small PKI made for one test class: the CA Joy trusts, a CA it does not, the HTTPS endpoint's certificate and
/// client certificates, with the PEM files Kestrel and <c>Joy:Auth:Certificates:CaFile</c> read in a temporary folder.
/// </summary>
public sealed class TestCertificates : IDisposable
{
    private static readonly Oid ClientAuthentication = new("1.3.6.1.5.5.7.3.2");
    private static readonly Oid ServerAuthentication = new("1.3.6.1.5.5.7.3.1");

    public TestCertificates()
    {
        Directory.CreateDirectory(Folder);
        Ca = NewCa("CN=Joy Test CA, O=Joy Tests");
        OtherCa = NewCa("CN=Joy Test CA, O=Somebody Else");
        Server = Issue(Ca, "CN=127.0.0.1", ServerAuthentication, request =>
        {
            var names = new SubjectAlternativeNameBuilder();
            names.AddIpAddress(System.Net.IPAddress.Loopback);
            request.CertificateExtensions.Add(names.Build());
        });
        File.WriteAllText(CaFile, Ca.ExportCertificatePem());
        File.WriteAllText(ServerCertificateFile, Server.ExportCertificatePem());
        File.WriteAllText(ServerKeyFile, Server.GetECDsaPrivateKey()!.ExportPkcs8PrivateKeyPem());
    }

    public string Folder { get; } = Path.Combine(Path.GetTempPath(), $"joy-pki-{Guid.NewGuid():N}");

    public string CaFile => Path.Combine(Folder, "ca.pem");

    public string ServerCertificateFile => Path.Combine(Folder, "server.pem");

    public string ServerKeyFile => Path.Combine(Folder, "server.key");

    public X509Certificate2 Ca { get; }

    public X509Certificate2 OtherCa { get; }

    public X509Certificate2 Server { get; }

    /// <summary>A client certificate for <paramref name="subject"/>, issued by <paramref name="issuer"/> (the trusted CA by default).</summary>
    public X509Certificate2 Client(string subject, X509Certificate2? issuer = null, bool expired = false) =>
        Issue(issuer ?? Ca, subject, ClientAuthentication, expired: expired);

    public void Dispose() => Directory.Delete(Folder, recursive: true);

    /// <summary>A CA below <see cref="Ca"/>, which client certificates may be issued by in turn.</summary>
    public X509Certificate2 Intermediate(string subject) => NewCa(subject, Ca);

    private static X509Certificate2 NewCa(string subject, X509Certificate2? issuer = null)
    {
        var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var request = new CertificateRequest(subject, key, HashAlgorithmName.SHA256);
        request.CertificateExtensions.Add(new X509BasicConstraintsExtension(true, false, 0, true));
        request.CertificateExtensions.Add(new X509KeyUsageExtension(X509KeyUsageFlags.KeyCertSign | X509KeyUsageFlags.CrlSign, true));
        request.CertificateExtensions.Add(new X509SubjectKeyIdentifierExtension(request.PublicKey, false));
        if (issuer is null)
        {
            return request.CreateSelfSigned(DateTimeOffset.UtcNow.AddDays(-30), DateTimeOffset.UtcNow.AddDays(30));
        }

        request.CertificateExtensions.Add(X509AuthorityKeyIdentifierExtension.CreateFromCertificate(issuer, true, false));
        using var signed = request.Create(issuer, DateTimeOffset.UtcNow.AddDays(-20), DateTimeOffset.UtcNow.AddDays(20), Serial());
        return signed.CopyWithPrivateKey(key);
    }

    private static byte[] Serial()
    {
        var serial = RandomNumberGenerator.GetBytes(16);
        serial[0] = (byte)((serial[0] & 0x7F) | 0x40); // positive and minimally encoded
        return serial;
    }

    private static X509Certificate2 Issue(
        X509Certificate2 issuer, string subject, Oid usage, Action<CertificateRequest>? extend = null, bool expired = false)
    {
        var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var request = new CertificateRequest(subject, key, HashAlgorithmName.SHA256);
        request.CertificateExtensions.Add(new X509BasicConstraintsExtension(false, false, 0, true));
        request.CertificateExtensions.Add(new X509KeyUsageExtension(X509KeyUsageFlags.DigitalSignature, true));
        request.CertificateExtensions.Add(new X509EnhancedKeyUsageExtension([usage], false));
        request.CertificateExtensions.Add(X509AuthorityKeyIdentifierExtension.CreateFromCertificate(issuer, true, false));
        extend?.Invoke(request);
        var notBefore = expired ? DateTimeOffset.UtcNow.AddDays(-10) : DateTimeOffset.UtcNow.AddHours(-1);
        var notAfter = expired ? DateTimeOffset.UtcNow.AddDays(-1) : DateTimeOffset.UtcNow.AddDays(7);
        using var signed = request.Create(issuer, notBefore, notAfter, Serial());
        return signed.CopyWithPrivateKey(key);
    }
}
