using Joy.Application.Security;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Authorization.Policy;
using Microsoft.AspNetCore.Mvc;

namespace Joy.Web.Security;

/// <summary>
/// 401 and 403 as ProblemDetails that say what was wrong (no credential, an expired or revoked key, a role below
/// the route's), written before the endpoint runs, so a refused request changes nothing.
/// </summary>
public sealed class AuthorizationProblems(IProblemDetailsService problems) : IAuthorizationMiddlewareResultHandler
{
    public async Task HandleAsync(RequestDelegate next, HttpContext context, AuthorizationPolicy policy, PolicyAuthorizationResult authorizeResult)
    {
        if (authorizeResult.Succeeded)
        {
            await next(context);
            return;
        }

        var needed = policy.Requirements.OfType<RoleRequirement>().Select(r => r.Role).DefaultIfEmpty(Role.Reader).Max();
        ProblemDetails problem;
        if (authorizeResult.Forbidden && JoyPrincipal.RoleOf(context.User) is { } held)
        {
            context.Response.StatusCode = StatusCodes.Status403Forbidden;
            problem = new ProblemDetails
            {
                Status = StatusCodes.Status403Forbidden,
                Title = "Forbidden",
                Detail = $"{context.Request.Method} {context.Request.Path} needs the {needed.Name()} role; '{context.User.Identity!.Name}' has {held.Name()}.",
            };
        }
        else
        {
            var failure = (await context.AuthenticateAsync()).Failure?.Message;
            context.Response.StatusCode = StatusCodes.Status401Unauthorized;
            context.Response.Headers.WWWAuthenticate = "Bearer";
            problem = new ProblemDetails
            {
                Status = StatusCodes.Status401Unauthorized,
                Title = "Unauthorized",
                Detail = failure ?? $"{context.Request.Method} {context.Request.Path} needs a credential with the {needed.Name()} role: " +
                    "an API key (Authorization: Bearer joy_…), a client certificate, or a token.",
            };
        }

        problem.Extensions["requiredRole"] = needed.Name();
        await problems.WriteAsync(new ProblemDetailsContext { HttpContext = context, ProblemDetails = problem });
    }
}
