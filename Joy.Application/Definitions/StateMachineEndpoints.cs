using Joy.Application.Security;
using Joy.Domain.Definitions;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;
using Wolverine.Http;
using FromHeaderAttribute = Microsoft.AspNetCore.Mvc.FromHeaderAttribute;

namespace Joy.Application.Definitions;

/// <summary>
/// <c>/api/v1/StateMachine</c> on Wolverine.Http: the original service's routes over event-sourced, versioned state machines,
/// served by the shared <see cref="DefinitionHandlers{TDefinition, TResponse}"/>; only what is state-machine-specific lives here.
/// </summary>
[Tags("StateMachine")]
public static class StateMachineEndpoints
{
    private const string Route = "/api/v1/StateMachine";

    private static readonly DefinitionHandlers<StateMachineDefinition, StateMachineResponse> Handlers = new(new(
        Segment: "StateMachine",
        DefinitionBody.CheckStateMachine,
        NameOf: machine => machine.Name,
        Define: (service, machine, metadata, cancellationToken) => service.DefineStateMachineAsync(machine, metadata, cancellationToken),
        Change: (service, name, patch, expected, metadata, cancellationToken) => service.ChangeStateMachineAsync(name, patch, expected, metadata, cancellationToken),
        Delete: (service, name, expected, metadata, cancellationToken) => service.DeleteStateMachineAsync(name, expected, metadata, cancellationToken),
        Get: (service, name, version, cancellationToken) => service.GetStateMachineAsync(name, version, cancellationToken),
        List: (service, cancellationToken) => service.ListStateMachinesAsync(cancellationToken),
        StateMachineResponse.From));

    [WolverineGet(Route + "/All", OperationId = "ListStateMachines"), RequiresRole(Role.Reader)]
    [EndpointSummary("Every current state machine, by name"), EndpointDescription("Each at its current version.")]
    public static Task<Ok<StateMachineResponse[]>> List(DefinitionService service, CancellationToken cancellationToken) =>
        Handlers.ListAsync(service, cancellationToken);

    [WolverineGet(Route + "/{name}", OperationId = "GetStateMachine"), RequiresRole(Role.Reader)]
    [EndpointSummary("A state machine: its current version, or ?version=N for an older one (also after it was deleted)")]
    [EndpointDescription("The version comes back as ETag, for If-Match on PATCH and DELETE.")]
    [ProducesResponseType<HttpValidationProblemDetails>(StatusCodes.Status400BadRequest, "application/problem+json")]
    public static Task<Results<Ok<StateMachineResponse>, NotFoundProblem>> Get(
        HttpContext context, DefinitionService service, string name, int? version, CancellationToken cancellationToken) =>
        Handlers.GetAsync(context, service, name, version, cancellationToken);

    [WolverinePut(Route, OperationId = "PutStateMachine"), RequiresRole(Role.Operator)]
    [EndpointSummary("Define a new state machine (its Tasks may only name existing actors); 409 when the name exists"), EndpointDescription("201 with its name as id; every problem of the body at once, by JSON pointer.")]
    [Consumes(typeof(StateMachineDefinition), "application/json")]
    public static Task<Results<Created<DefinitionCreated>, ValidationProblem, ConflictProblem>> Put(
        HttpContext context, DefinitionService service, CancellationToken cancellationToken) =>
        Handlers.PutAsync(context, service, cancellationToken);

    [WolverinePatch(Route + "/{name}", OperationId = "PatchStateMachine"), RequiresRole(Role.Operator)]
    [EndpointSummary("Change a state machine with a JSON merge patch: only the given fields change; a given definition replaces the whole ASL document")]
    [EndpointDescription("If-Match names the version the change is for; 409 when it is stale.")]
    [Consumes(typeof(StateMachineDefinition), "application/merge-patch+json", "application/json")]
    public static Task<Results<Ok<StateMachineResponse>, ValidationProblem, NotFoundProblem, ConflictProblem>> Patch(
        HttpContext context, DefinitionService service, string name, [FromHeader(Name = "If-Match")] string? ifMatch, CancellationToken cancellationToken) =>
        Handlers.PatchAsync(context, service, name, ifMatch, cancellationToken);

    [WolverineDelete(Route + "/{name}", OperationId = "DeleteStateMachine"), RequiresRole(Role.Operator)]
    [EndpointSummary("Delete a state machine (its versions stay readable)")]
    [EndpointDescription("If-Match names the version the deletion is for; 409 when it is stale.")]
    public static Task<Results<NoContent, ValidationProblem, NotFoundProblem, ConflictProblem>> Delete(
        HttpContext context, DefinitionService service, string name, [FromHeader(Name = "If-Match")] string? ifMatch, CancellationToken cancellationToken) =>
        Handlers.DeleteAsync(context, service, name, ifMatch, cancellationToken);
}
