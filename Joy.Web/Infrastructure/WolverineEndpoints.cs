using Joy.Application.Security;
using Joy.Web.Security;
using Wolverine.Http;

namespace Joy.Web.Infrastructure;

/// <summary>
/// The Wolverine.Http endpoints, which live with their use cases in Joy.Application. Each one's
/// <see cref="RequiresRoleAttribute"/> becomes the same policy and 401/403 responses as a minimal
/// API route's <see cref="RoleEndpointExtensions.RequireRole{TBuilder}"/>. A typed query value that
/// does not parse is a 400, not the parameter's default (<see cref="UnparseableQueryProblem"/> lists
/// every such value in the validation shape).
/// </summary>
public static class WolverineEndpoints
{
    public static IEndpointRouteBuilder MapJoyWolverineEndpoints(this WebApplication app)
    {
        app.MapWolverineEndpoints(options =>
        {
            options.RejectUnparseableQueryValues = true;
            options.ConfigureEndpoints(chain =>
            {
                if (chain.Method.Method.GetCustomAttributes(typeof(RequiresRoleAttribute), false) is [RequiresRoleAttribute required])
                {
                    chain.Metadata.RequireRole(required.Role);
                }
            });
        });
        return app;
    }
}
