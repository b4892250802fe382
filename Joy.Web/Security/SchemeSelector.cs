using Joy.Application.Security;
using Microsoft.Extensions.Options;

namespace Joy.Web.Security;

/// <summary>
/// The "Joy" scheme's choice of handler, by the credential the request carries. A bearer token wins over a client
/// certificate (a client with a certificate may still act with a key); a token that is not a Joy key goes to the
/// token issuer's handler when one is configured, else to the API key handler, which says why it is refused.
/// </summary>
public static class SchemeSelector
{
    public static string Select(HttpContext context)
    {
        if (ApiKeyAuthentication.BearerToken(context.Request) is { Length: > 0 } token)
        {
            return !ApiKeys.LooksLikeKey(token) && context.RequestServices.GetRequiredService<IOptions<JwtOptions>>().Value.Enabled
                ? JwtAuthentication.SchemeName
                : ApiKeyAuthentication.SchemeName;
        }

        return context.Connection.ClientCertificate is not null ? CertificateAuthentication.SchemeName : ApiKeyAuthentication.SchemeName;
    }
}
