using Joy.Application.Security;
using Joy.Web.Security;
using Joy.Application.Queries;
using Microsoft.AspNetCore.Http.HttpResults;

namespace Joy.Web.Queries;

/// <summary>
/// <c>/api/v1/admin/projections</c>: the rebuildable projections (async with their checkpoints, and inline), and a rebuild from
/// zero that answers once the read model has caught up with the log.
/// </summary>
public static class ProjectionAdminEndpoints
{
    public static IEndpointRouteBuilder MapProjectionAdmin(this IEndpointRouteBuilder endpoints)
    {
        var group = endpoints.MapGroup("/api/v1/admin/projections").WithTags("Admin");
        group.MapGet("/", ListAsync).WithName("ListProjections").RequireRole(Role.Admin);
        group.MapPost("/{name}/rebuild", RebuildAsync).WithName("RebuildProjection").RequireRole(Role.Admin);
        return endpoints;
    }

    private static async Task<Ok<IReadOnlyList<ProjectionInfo>>> ListAsync(ProjectionAdmin admin, CancellationToken cancellationToken) =>
        TypedResults.Ok(await admin.ListAsync(cancellationToken));

    private static async Task<Results<Ok<RebuildResult>, ProblemHttpResult>> RebuildAsync(
        string name, ProjectionAdmin admin, CancellationToken cancellationToken)
    {
        if (admin.Find(name) is not { } projection)
        {
            return TypedResults.Problem(statusCode: StatusCodes.Status404NotFound, title: "Projection not found",
                detail: $"There is no projection '{name}'. Known: {string.Join(", ", admin.Projections.Select(p => p.Name))}.");
        }

        return TypedResults.Ok(await admin.RebuildAsync(projection, cancellationToken));
    }
}
