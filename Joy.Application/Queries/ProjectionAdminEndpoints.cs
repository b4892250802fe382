using Joy.Application.Security;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;
using Wolverine.Http;

namespace Joy.Application.Queries;

/// <summary>
/// <c>/api/v1/admin/projections</c>: the rebuildable projections (async with their checkpoints, and inline), and a rebuild from
/// zero that answers once the read model has caught up with the log.
/// </summary>
[Tags("Admin")]
public static class ProjectionAdminEndpoints
{
    private const string Route = "/api/v1/admin/projections";

    [WolverineGet(Route, OperationId = "ListProjections"), RequiresRole(Role.Admin)]
    [EndpointSummary("List the rebuildable projections"), EndpointDescription("Each with its mode (async or inline) and, when async, its checkpoint.")]
    public static async Task<Ok<IReadOnlyList<ProjectionInfo>>> List(ProjectionAdmin admin, CancellationToken cancellationToken) =>
        TypedResults.Ok(await admin.ListAsync(cancellationToken));

    [WolverinePost(Route + "/{name}/rebuild", OperationId = "RebuildProjection"), RequiresRole(Role.Admin)]
    [EndpointSummary("Rebuild a projection from zero"), EndpointDescription("Answers once the read model has caught up with the log.")]
    [ProducesResponseType<ProblemDetails>(StatusCodes.Status404NotFound, "application/problem+json")]
    public static async Task<Results<Ok<RebuildResult>, ProblemHttpResult>> Rebuild(
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
