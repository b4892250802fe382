using Joy.Application.Security;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;

namespace Joy.Web.Security;

/// <summary>The route needs <see cref="Role"/> or a role that includes it.</summary>
public sealed class RoleRequirement(Role role) : AuthorizationHandler<RoleRequirement>, IAuthorizationRequirement
{
    public Role Role { get; } = role;

    protected override Task HandleRequirementAsync(AuthorizationHandlerContext context, RoleRequirement requirement)
    {
        if (JoyPrincipal.RoleOf(context.User) is { } held && held.Includes(requirement.Role))
        {
            context.Succeed(requirement);
        }

        return Task.CompletedTask;
    }
}

public static class RoleEndpointExtensions
{
    /// <summary>
    /// The route's policy: <paramref name="role"/> or above. It may answer 401 (no or a bad credential) and 403
    /// (a role below it), both ProblemDetails, which the OpenAPI document lists.
    /// </summary>
    public static TBuilder RequireRole<TBuilder>(this TBuilder builder, Role role) where TBuilder : IEndpointConventionBuilder =>
        builder.RequireAuthorization(role.Name())
            .WithMetadata(new ProducesResponseTypeMetadata(StatusCodes.Status401Unauthorized, typeof(ProblemDetails), ["application/problem+json"]))
            .WithMetadata(new ProducesResponseTypeMetadata(StatusCodes.Status403Forbidden, typeof(ProblemDetails), ["application/problem+json"]));
}
