using Joy.Application.Security;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authorization;

namespace Joy.Web.Security;

/// <summary>
/// Who is asking and what they may do: API keys (and the first start's admin key), roles as policies that each
/// route declares (<see cref="RoleEndpointExtensions.RequireRole{TBuilder}"/>), a route without one needing at
/// least a reader, 401/403 as ProblemDetails, per-principal write limits.
/// </summary>
public static class SecuritySetup
{
    /// <summary>The default scheme: picks the handler for the credential the request carries.</summary>
    public const string Scheme = "Joy";

    public static WebApplicationBuilder AddJoySecurity(this WebApplicationBuilder builder)
    {
        builder.Services.AddJoyApiKeys();
        builder.Services.AddAuthentication(Scheme)
            .AddPolicyScheme(Scheme, "An API key, a client certificate or a token", scheme => scheme.ForwardDefaultSelector = SchemeSelector.Select)
            .AddScheme<AuthenticationSchemeOptions, ApiKeyAuthentication>(ApiKeyAuthentication.SchemeName, null)
            .AddJoyCertificates()
            .AddJoyJwt();

        var authorization = builder.Services.AddAuthorizationBuilder();
        foreach (var role in Roles.All)
        {
            authorization.AddPolicy(role.Name(), policy => policy.AddRequirements(new RoleRequirement(role)));
        }

        authorization.SetFallbackPolicy(new AuthorizationPolicyBuilder().AddRequirements(new RoleRequirement(Role.Reader)).Build());
        builder.Services.AddSingleton<IAuthorizationMiddlewareResultHandler, AuthorizationProblems>();
        builder.Services.AddJoyRateLimits();
        return builder;
    }

    public static WebApplication UseJoySecurity(this WebApplication app)
    {
        app.UseAuthentication();
        app.UseAuthorization();
        app.UseRateLimiter();
        return app;
    }
}
