using Joy.Application.Security;
using Joy.Web.Security;
using Joy.Application.EventStore;
using Joy.Application.Instances;
using Microsoft.AspNetCore.Http.HttpResults;

namespace Joy.Web.Instances;

/// <summary>
/// <c>/api/v1/StateMachineInstance</c>: start (PUT), re-run from a state (PATCH), cancel (DELETE), read (GET).
/// Every error is a ProblemDetails.
/// </summary>
public static class InstanceEndpoints
{
    public static IEndpointRouteBuilder MapInstances(this IEndpointRouteBuilder endpoints)
    {
        var group = endpoints.MapGroup("/api/v1/StateMachineInstance").WithTags("StateMachineInstance");
        group.MapPut("/", StartAsync).WithName("StartInstance").RequireRole(Role.Submitter);
        group.MapGet("/{id}", GetAsync).WithName("GetInstance").RequireRole(Role.Reader);
        group.MapPatch("/{id}", RerunAsync).WithName("RerunInstance").RequireRole(Role.Operator);
        group.MapDelete("/{id}", CancelAsync).WithName("CancelInstance").RequireRole(Role.Submitter);
        return endpoints;
    }

    public sealed record InstanceCreated(string Id);

    private static async Task<Results<Created<InstanceCreated>, Ok<InstanceCreated>, ValidationProblem, ProblemHttpResult>> StartAsync(
        StartInstanceRequest request, InstanceService instances, HttpContext context, CancellationToken cancellationToken) =>
        await instances.StartAsync(request, context.EventMetadata(), cancellationToken) switch
        {
            InstanceOutcome.Started { Created: true } s => TypedResults.Created($"/api/v1/StateMachineInstance/{s.Id}", new InstanceCreated(s.Id)),
            InstanceOutcome.Started s => TypedResults.Ok(new InstanceCreated(s.Id)),
            InstanceOutcome.Invalid invalid => TypedResults.ValidationProblem(invalid.Problems),
            var other => Problem(other),
        };

    private static async Task<Results<Ok<InstanceView>, ProblemHttpResult>> GetAsync(
        string id, InstanceService instances, CancellationToken cancellationToken) =>
        await instances.GetAsync(id, cancellationToken) is { } view
            ? TypedResults.Ok(view)
            : TypedResults.Problem(statusCode: StatusCodes.Status404NotFound, title: "Instance not found", detail: $"There is no instance {id}.");

    private static async Task<Results<Ok<InstanceView>, ValidationProblem, ProblemHttpResult>> RerunAsync(
        string id, RerunInstanceRequest request, InstanceService instances, HttpContext context, CancellationToken cancellationToken) =>
        Done(await instances.RerunAsync(id, request, context.EventMetadata(), cancellationToken));

    private static async Task<Results<Ok<InstanceView>, ValidationProblem, ProblemHttpResult>> CancelAsync(
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
