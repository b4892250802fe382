namespace Joy.Application.Security;

/// <summary><c>Joy:Auth</c>: where the first start's admin key is kept.</summary>
public sealed class ApiKeyOptions
{
    public const string Section = "Joy:Auth";

    /// <summary>
    /// The file holding the bootstrap admin key. When no key was ever made, the service stores this file's key as
    /// the admin key <c>bootstrap</c>, writing the file first (readable by its owner only) when it does not exist.
    /// Unset: no key is made, and with none made nobody can call the API.
    /// </summary>
    public string? BootstrapKeyFile { get; set; }
}
