using System.Text.Encodings.Web;
using Joy.Application.Security;
using Microsoft.AspNetCore.Authentication;
using Microsoft.Extensions.Options;
using Microsoft.Net.Http.Headers;

namespace Joy.Web.Security;

/// <summary>
/// <c>Authorization: Bearer joy_…</c>: the key's name is the principal, its role the role. A bearer token that is
/// not shaped like a Joy key is left to the JWT scheme (when one is configured).
/// </summary>
public sealed class ApiKeyAuthentication(
    IOptionsMonitor<AuthenticationSchemeOptions> options, ILoggerFactory logger, UrlEncoder encoder, ApiKeys keys)
    : AuthenticationHandler<AuthenticationSchemeOptions>(options, logger, encoder)
{
    public const string SchemeName = "ApiKey";

    public static string? BearerToken(HttpRequest request) =>
        request.Headers[HeaderNames.Authorization].ToString() is var header
        && header.StartsWith("Bearer ", StringComparison.OrdinalIgnoreCase)
            ? header["Bearer ".Length..].Trim()
            : null;

    protected override async Task<AuthenticateResult> HandleAuthenticateAsync()
    {
        if (BearerToken(Request) is not { Length: > 0 } secret)
        {
            return AuthenticateResult.NoResult();
        }

        if (!ApiKeys.LooksLikeKey(secret))
        {
            return AuthenticateResult.Fail("The bearer token is not a Joy API key (joy_…), and no token issuer is configured.");
        }

        return await keys.CheckAsync(secret, Context.RequestAborted) switch
        {
            KeyCheck.Valid valid => AuthenticateResult.Success(new AuthenticationTicket(JoyPrincipal.Create(valid.Name, valid.Role, "api-key"), SchemeName)),
            KeyCheck.Expired expired => AuthenticateResult.Fail($"The API key '{expired.Name}' expired at {expired.At:O}."),
            KeyCheck.Revoked revoked => AuthenticateResult.Fail($"The API key '{revoked.Name}' was revoked at {revoked.At:O}."),
            _ => AuthenticateResult.Fail("The API key is not known."),
        };
    }
}
