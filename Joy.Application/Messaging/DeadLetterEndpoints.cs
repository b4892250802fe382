using Joy.Application.Security;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;
using Wolverine.Http;

namespace Joy.Application.Messaging;

/// <summary>
/// <c>/api/v1/admin/dead-letters</c>: the messages Wolverine gave up on (a callback after its last
/// attempt or to a refused host, a message that kept failing), newest first, and a replay that
/// sends one back to its handler.
/// </summary>
[Tags("Admin")]
public static class DeadLetterEndpoints
{
    public const int MaxPageSize = 200;

    private const string Route = "/api/v1/admin/dead-letters";

    [WolverineGet(Route, OperationId = "ListDeadLetters"), RequiresRole(Role.Admin)]
    [EndpointSummary("List dead letters"), EndpointDescription("Newest first, optionally of one message type.")]
    public static async Task<Results<Ok<DeadLetterPage>, ValidationProblem>> List(
        DeadLetters deadLetters, CancellationToken cancellationToken,
        int page = 1, int pageSize = 50, string? messageType = null)
    {
        var problems = new Dictionary<string, string[]>();
        if (page < 1)
        {
            problems["page"] = ["page is a whole number from 1."];
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

    [WolverinePost(Route + "/{id:guid}/replay", OperationId = "ReplayDeadLetter"), RequiresRole(Role.Admin)]
    [EndpointSummary("Replay a dead letter"), EndpointDescription("Sends it back to its handler; 202 with the letter as it was.")]
    [ProducesResponseType<ProblemDetails>(StatusCodes.Status404NotFound, "application/problem+json")]
    public static async Task<Results<Accepted<DeadLetter>, ProblemHttpResult>> Replay(
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
