namespace Joy.Executor.Docker;

/// <summary>
/// How to reach one Docker Engine: <c>unix:///path</c>, <c>http://host:port</c> / <c>tcp://host:port</c>,
/// or <c>https://host:port</c> with a client certificate (PFX + password, or a PEM pair) and a pinned CA.
/// </summary>
public class DockerClientOptions
{
    public string Address { get; set; } = "unix:///var/run/docker.sock";

    /// <summary>PKCS#12 client certificate (with its key) for mutual TLS.</summary>
    public string? ClientCertificatePath { get; set; }

    public string? ClientCertificatePassword { get; set; }

    /// <summary>PEM client certificate; needs <see cref="ClientKeyPemPath"/>.</summary>
    public string? ClientCertificatePemPath { get; set; }

    public string? ClientKeyPemPath { get; set; }

    /// <summary>The only CA the node's server certificate may chain to (the system store is not consulted).</summary>
    public string? CaCertificatePath { get; set; }

    /// <summary>
    /// The Engine API version every call names (<c>1.41</c> or <c>v1.41</c>). Pinned: Docker.DotNet does not
    /// negotiate, and its models are generated for a newer engine than Debian's docker.io.
    /// </summary>
    public string ApiVersion { get; set; } = "1.41";

    /// <summary>Limit for ordinary calls; long waits and streams are bounded by the caller's token only.</summary>
    public int RequestTimeoutMs { get; set; } = 30_000;

    public int ConnectTimeoutMs { get; set; } = 5_000;
}
