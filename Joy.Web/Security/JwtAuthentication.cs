using Joy.Application.Security;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authentication.JwtBearer;
using Microsoft.Extensions.Options;
using Microsoft.IdentityModel.Tokens;

namespace Joy.Web.Security;

/// <summary>
/// Tokens of an OIDC issuer (<see cref="JwtOptions"/>): signature, issuer, audience and lifetime checked by the
/// JWT bearer handler, then the token's name and role claims become a Joy principal. The scheme is always
/// registered; <see cref="SchemeSelector"/> sends it tokens only while an Authority is configured.
/// </summary>
public static class JwtAuthentication
{
    public const string SchemeName = "Jwt";

    public const string Credential = "jwt";

    public static AuthenticationBuilder AddJoyJwt(this AuthenticationBuilder authentication)
    {
        var services = authentication.Services;
        services.AddOptions<JwtOptions>().BindConfiguration(JwtOptions.Section).ValidateOnStart();
        services.AddSingleton<IValidateOptions<JwtOptions>, JwtOptionsValidation>();
        authentication.AddJwtBearer(SchemeName);
        services.AddOptions<JwtBearerOptions>(SchemeName).Configure<IOptions<JwtOptions>>((bearer, joy) =>
        {
            var options = joy.Value;
            bearer.Authority = options.Enabled ? options.Authority : null;
            bearer.Audience = options.Audience;
            bearer.RequireHttpsMetadata = options.RequireHttpsMetadata;
            bearer.MapInboundClaims = false; // claims keep the names the issuer gave them (RoleClaim, NameClaim)
            bearer.TokenValidationParameters.NameClaimType = options.NameClaim;
            bearer.TokenValidationParameters.RoleClaimType = options.RoleClaim;
            bearer.Events = new JwtBearerEvents
            {
                OnTokenValidated = context => Map(context, options),
                OnAuthenticationFailed = context => Refuse(context, options),
            };
        });
        return authentication;
    }

    /// <summary>
    /// A valid token whose role claim names no Joy role is a 401, like a certificate with no mapping: the
    /// credential proves who the caller is, but not a principal Joy knows.
    /// </summary>
    private static Task Map(TokenValidatedContext context, JwtOptions options)
    {
        var token = context.Principal!;
        var name = token.FindFirst(options.NameClaim)?.Value;
        var values = token.FindAll(options.RoleClaim).Select(c => c.Value).ToList();
        var role = values.Select(options.RoleOf).Where(r => r is not null).Max();
        if (string.IsNullOrEmpty(name))
        {
            context.Fail($"The token has no '{options.NameClaim}' claim ({JwtOptions.Section}:NameClaim) to name its principal.");
        }
        else if (role is null)
        {
            context.Fail($"The token of '{name}' is valid but its '{options.RoleClaim}' claim " +
                $"({(values.Count == 0 ? "absent" : string.Join(", ", values.Select(v => $"'{v}'")))}) names no Joy role: " +
                $"expected {string.Join(", ", Roles.All.Select(r => r.Name()))}{(options.Roles.Count > 0 ? $" through {JwtOptions.Section}:Roles" : "")}.");
        }
        else
        {
            context.Principal = JoyPrincipal.Create(name, role.Value, Credential);
        }

        return Task.CompletedTask;
    }

    /// <summary>What was wrong with the token, in words, never the library's exception text.</summary>
    private static Task Refuse(AuthenticationFailedContext context, JwtOptions options)
    {
        context.Fail(context.Exception switch
        {
            SecurityTokenExpiredException expired => $"The token expired at {expired.Expires:O}.",
            SecurityTokenNotYetValidException early => $"The token is not valid before {early.NotBefore:O}.",
            SecurityTokenInvalidAudienceException => $"The token is not for this service: its audience is not '{options.Audience}'.",
            SecurityTokenInvalidIssuerException => $"The token is not from the configured issuer '{options.Authority}'.",
            SecurityTokenSignatureKeyNotFoundException or SecurityTokenInvalidSignatureException =>
                "The token's signature does not match a key of the configured issuer.",
            // The handler found no keys: the issuer's metadata could not be read.
            InvalidOperationException => $"The keys of the configured issuer '{options.Authority}' could not be fetched; the token could not be checked.",
            _ => "The token is not a valid token of the configured issuer.",
        });
        return Task.CompletedTask;
    }
}
