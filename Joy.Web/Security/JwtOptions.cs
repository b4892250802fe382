using Joy.Application.Security;
using Microsoft.Extensions.Options;

namespace Joy.Web.Security;

/// <summary>
/// <c>Joy:Auth:Jwt</c>: tokens of an OIDC issuer (bearer tokens that are not Joy keys). Off while
/// <see cref="Authority"/> is unset.
/// </summary>
public sealed class JwtOptions
{
    public const string Section = "Joy:Auth:Jwt";

    /// <summary>The issuer; its keys come from <c>{Authority}/.well-known/openid-configuration</c>.</summary>
    public string? Authority { get; set; }

    /// <summary>The <c>aud</c> a token must name (this service's id at the issuer). Required when on.</summary>
    public string? Audience { get; set; }

    /// <summary>The claim holding the caller's role (one value, or an array of which the highest counts).</summary>
    public string RoleClaim { get; set; } = "role";

    /// <summary>The claim naming the principal in event metadata and rate limits.</summary>
    public string NameClaim { get; set; } = "sub";

    /// <summary>Refuse an issuer whose metadata is not served over HTTPS (turn off only for a test issuer).</summary>
    public bool RequireHttpsMetadata { get; set; } = true;

    /// <summary>
    /// The issuer's role values to Joy roles (as <c>"joy-ops": "operator"</c>). Empty: the claim holds Joy's role
    /// names themselves. A token whose role maps to none is refused with a 401.
    /// </summary>
    public Dictionary<string, string> Roles { get; set; } = [];

    public bool Enabled => !string.IsNullOrWhiteSpace(Authority);

    /// <summary>The role <paramref name="value"/> (a claim's value) stands for.</summary>
    public Role? RoleOf(string value)
    {
        if (Roles.Count == 0)
        {
            return Application.Security.Roles.TryParse(value, out var own) ? own : null;
        }

        return Roles.TryGetValue(value, out var name) && Application.Security.Roles.TryParse(name, out var mapped) ? mapped : null;
    }
}

/// <summary>Refuses to start with an issuer but no audience, or a role map naming no Joy role.</summary>
public sealed class JwtOptionsValidation : IValidateOptions<JwtOptions>
{
    public ValidateOptionsResult Validate(string? name, JwtOptions options)
    {
        if (!options.Enabled)
        {
            return ValidateOptionsResult.Success;
        }

        var problems = new List<string>();
        if (!Uri.TryCreate(options.Authority, UriKind.Absolute, out var authority))
        {
            problems.Add($"{JwtOptions.Section}:Authority '{options.Authority}' is not an absolute URL.");
        }
        else if (options.RequireHttpsMetadata && authority.Scheme != Uri.UriSchemeHttps)
        {
            problems.Add($"{JwtOptions.Section}:Authority '{options.Authority}' is not HTTPS: its keys could be forged on the way (RequireHttpsMetadata).");
        }

        if (string.IsNullOrWhiteSpace(options.Audience))
        {
            problems.Add($"{JwtOptions.Section}:Audience is required with an Authority: a token for another service must not be accepted.");
        }

        if (string.IsNullOrWhiteSpace(options.RoleClaim) || string.IsNullOrWhiteSpace(options.NameClaim))
        {
            problems.Add($"{JwtOptions.Section}: RoleClaim and NameClaim must name claims.");
        }

        foreach (var (value, role) in options.Roles)
        {
            if (!Roles.TryParse(role, out _))
            {
                problems.Add($"{JwtOptions.Section}:Roles:{value}: '{role}' is not a role ({string.Join(", ", Roles.All.Select(r => r.Name()))}).");
            }
        }

        return problems.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(problems);
    }
}
