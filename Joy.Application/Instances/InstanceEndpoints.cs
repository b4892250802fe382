using Joy.Application.Security;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;
using Wolverine.Http;

namespace Joy.Application.Instances;

/// <summary>
/// <c>/api/v1/StateMachineInstance</c> on Wolverine.Http: start (PUT), re-run from a state (PATCH),
/// cancel (DELETE), read (GET). Every error is a ProblemDetails, and every status is in the OpenAPI
/// document (a <see cref="ProblemHttpResult"/> names none by itself, hence the attributes).
/// </summary>
[Tags("StateMachineInstance")]
public static class InstanceEndpoints
{
    private const string Route = "/api/v1/StateMachineInstance";

    public sealed record InstanceCreated(string Id);

    [WolverinePut(Route, OperationId = "StartInstance"), RequiresRole(Role.Submitter)]
    [EndpointSummary("Start an instance"), EndpointDescription("201 with its id; 200 with the existing one when the idempotency key was used before.")]
    [ProducesResponseType<ProblemDetails>(StatusCodes.Status404NotFound, "application/problem+json")]
    [ProducesResponseType<ProblemDetails>(StatusCodes.Status409Conflict, "application/problem+json")]
    public static async Task<Results<Created<InstanceCreated>, Ok<InstanceCreated>, ValidationProblem, ProblemHttpResult>> Start(
        StartInstanceRequest request, InstanceService instances, HttpContext context, CancellationToken cancellationToken) =>
        await instances.StartAsync(request, context.EventMetadata(), cancellationToken) switch
        {
            InstanceOutcome.Started { Created: true } s => TypedResults.Created($"{Route}/{s.Id}", new InstanceCreated(s.Id)),
            InstanceOutcome.Started s => TypedResults.Ok(new InstanceCreated(s.Id)),
            InstanceOutcome.Invalid invalid => TypedResults.ValidationProblem(invalid.Problems),
            var other => Problem(other),
        };

    [WolverineGet(Route + "/{id}", OperationId = "GetInstance"), RequiresRole(Role.Reader)]
    [EndpointSummary("Read an instance"), EndpointDescription("Its status, output and runs, as of its last event.")]
    [ProducesResponseType<ProblemDetails>(StatusCodes.Status404NotFound, "application/problem+json")]
    public static async Task<Results<Ok<InstanceView>, ProblemHttpResult>> Get(
        string id, InstanceService instances, CancellationToken cancellationToken) =>
        await instances.GetAsync(id, cancellationToken) is { } view
            ? TypedResults.Ok(view)
            : TypedResults.Problem(statusCode: StatusCodes.Status404NotFound, title: "Instance not found", detail: $"There is no instance {id}.");

    [WolverinePatch(Route + "/{id}", OperationId = "RerunInstance"), RequiresRole(Role.Operator)]
    [EndpointSummary("Re-run an instance from a top-level state"), EndpointDescription("The states before it keep their results; it runs again from that state's last input.")]
    [ProducesResponseType<ProblemDetails>(StatusCodes.Status404NotFound, "application/problem+json")]
    [ProducesResponseType<ProblemDetails>(StatusCodes.Status409Conflict, "application/problem+json")]
    public static async Task<Results<Ok<InstanceView>, ValidationProblem, ProblemHttpResult>> Rerun(
        string id, RerunInstanceRequest request, InstanceService instances, HttpContext context, CancellationToken cancellationToken) =>
        Done(await instances.RerunAsync(id, request, context.EventMetadata(), cancellationToken));

    [WolverineDelete(Route + "/{id}", OperationId = "CancelInstance"), RequiresRole(Role.Submitter)]
    [EndpointSummary("Cancel an instance"), EndpointDescription("Queued runs are dropped and running containers killed; 409 when it has already ended.")]
    [ProducesResponseType<ProblemDetails>(StatusCodes.Status404NotFound, "application/problem+json")]
    [ProducesResponseType<ProblemDetails>(StatusCodes.Status409Conflict, "application/problem+json")]
    public static async Task<Results<Ok<InstanceView>, ValidationProblem, ProblemHttpResult>> Cancel(
        string id, InstanceService instances, HttpContext context, CancellationToken cancellationToken) =>
        Done(await instances.CancelAsync(id, context.EventMetadata(), cancellationToken));

    private static Results<Ok<InstanceView>, ValidationProblem, ProblemHttpResult> Done(InstanceOutcome outcome) => outcome switch
    {
        InstanceOutcome.Done done => TypedResults.Ok(done.Instance),
        InstanceOutcome.Invalid invalid => TypedResults.ValidationProblem(invalid.Problems),
        var other => Problem(other),
    };

    private static ProblemHttpResult Problem(InstanceOutcome outcome) => outcome switch
    {
        InstanceOutcome.NotFound notFound => TypedResults.Problem(statusCode: StatusCodes.Status404NotFound, title: "Not found", detail: notFound.Detail),
        InstanceOutcome.Conflict conflict => TypedResults.Problem(statusCode: StatusCodes.Status409Conflict, title: "Conflict", detail: conflict.Detail),
        _ => throw new InvalidOperationException($"Unexpected outcome {outcome.GetType().Name}."),
    };
}
