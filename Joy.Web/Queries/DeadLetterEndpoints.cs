using Joy.Application.Security;
using Joy.Web.Security;
using Joy.Application.Messaging;
using Microsoft.AspNetCore.Http.HttpResults;

namespace Joy.Web.Queries;

/// <summary>
/// <c>/api/v1/admin/dead-letters</c>: the messages Wolverine gave up on (a callback after its last
/// attempt or to a refused host, a message that kept failing), newest first, and a replay that
/// sends one back to its handler.
/// </summary>
public static class DeadLetterEndpoints
{
    public const int MaxPageSize = 200;

    public static IEndpointRouteBuilder MapDeadLetters(this IEndpointRouteBuilder endpoints)
    {
        var group = endpoints.MapGroup("/api/v1/admin/dead-letters").WithTags("Admin");
        group.MapGet("/", ListAsync).WithName("ListDeadLetters").RequireRole(Role.Admin);
        group.MapPost("/{id:guid}/replay", ReplayAsync).WithName("ReplayDeadLetter").RequireRole(Role.Admin);
        return endpoints;
    }

    private static async Task<Results<Ok<DeadLetterPage>, ValidationProblem>> ListAsync(
        DeadLetters deadLetters, CancellationToken cancellationToken, int page = 1, int pageSize = 50, string? messageType = null)
    {
        var problems = new Dictionary<string, string[]>();
        if (page < 1)
        {
            problems["page"] = ["page starts at 1."];
        }

        if (pageSize is < 1 or > MaxPageSize)
        {
            problems["pageSize"] = [$"pageSize must be between 1 and {MaxPageSize}."];
        }

        if (problems.Count > 0)
        {
            return TypedResults.ValidationProblem(problems);
        }

        return TypedResults.Ok(await deadLetters.ListAsync(page, pageSize, messageType, cancellationToken));
    }

    private static async Task<Results<Accepted<DeadLetter>, ProblemHttpResult>> ReplayAsync(
        Guid id, DeadLetters deadLetters, CancellationToken cancellationToken)
    {
        if (await deadLetters.FindAsync(id, cancellationToken) is not { } deadLetter || !await deadLetters.ReplayAsync(id, cancellationToken))
        {
            return TypedResults.Problem(statusCode: StatusCodes.Status404NotFound, title: "Dead letter not found",
                detail: $"There is no dead letter {id}.");
        }

        return TypedResults.Accepted((string?)null, deadLetter);
    }
}
