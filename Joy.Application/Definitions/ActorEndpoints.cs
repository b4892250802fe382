using Joy.Application.Security;
using Joy.Domain.Definitions;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;
using Wolverine.Http;
using FromHeaderAttribute = Microsoft.AspNetCore.Mvc.FromHeaderAttribute;

namespace Joy.Application.Definitions;

/// <summary>
/// <c>/api/v1/Actor</c> on Wolverine.Http: the original service's routes over event-sourced, versioned actors,
/// served by the shared <see cref="DefinitionHandlers{TDefinition, TResponse}"/>; only what is actor-specific lives here.
/// </summary>
[Tags("Actor")]
public static class ActorEndpoints
{
    private const string Route = "/api/v1/Actor";

    private static readonly DefinitionHandlers<ActorDefinition, ActorResponse> Handlers = new(new(
        Segment: "Actor",
        DefinitionBody.CheckActor,
        NameOf: actor => actor.Name,
        Define: (service, actor, metadata, cancellationToken) => service.DefineActorAsync(actor, metadata, cancellationToken),
        Change: (service, name, patch, expected, metadata, cancellationToken) => service.ChangeActorAsync(name, patch, expected, metadata, cancellationToken),
        Delete: (service, name, expected, metadata, cancellationToken) => service.DeleteActorAsync(name, expected, metadata, cancellationToken),
        Get: (service, name, version, cancellationToken) => service.GetActorAsync(name, version, cancellationToken),
        List: (service, cancellationToken) => service.ListActorsAsync(cancellationToken),
        ActorResponse.From));

    [WolverineGet(Route + "/All", OperationId = "ListActors"), RequiresRole(Role.Reader)]
    [EndpointSummary("Every current actor, by name"), EndpointDescription("Each at its current version.")]
    public static Task<Ok<ActorResponse[]>> List(DefinitionService service, CancellationToken cancellationToken) =>
        Handlers.ListAsync(service, cancellationToken);

    [WolverineGet(Route + "/{name}", OperationId = "GetActor"), RequiresRole(Role.Reader)]
    [EndpointSummary("An actor: its current version, or ?version=N for an older one (also after it was deleted)")]
    [EndpointDescription("The version comes back as ETag, for If-Match on PATCH and DELETE.")]
    [ProducesResponseType<HttpValidationProblemDetails>(StatusCodes.Status400BadRequest, "application/problem+json")]
    public static Task<Results<Ok<ActorResponse>, NotFoundProblem>> Get(
        HttpContext context, DefinitionService service, string name, int? version, CancellationToken cancellationToken) =>
        Handlers.GetAsync(context, service, name, version, cancellationToken);

    [WolverinePut(Route, OperationId = "PutActor"), RequiresRole(Role.Operator)]
    [EndpointSummary("Define a new actor; 409 when the name exists"), EndpointDescription("201 with its name as id; every problem of the body at once, by JSON pointer.")]
    [Consumes(typeof(ActorDefinition), "application/json")]
    public static Task<Results<Created<DefinitionCreated>, ValidationProblem, ConflictProblem>> Put(
        HttpContext context, DefinitionService service, CancellationToken cancellationToken) =>
        Handlers.PutAsync(context, service, cancellationToken);

    [WolverinePatch(Route + "/{name}", OperationId = "PatchActor"), RequiresRole(Role.Operator)]
    [EndpointSummary("Change an actor with a JSON merge patch: only the given fields change (null removes one); a new version")]
    [EndpointDescription("If-Match names the version the change is for; 409 when it is stale.")]
    [Consumes(typeof(ActorDefinition), "application/merge-patch+json", "application/json")]
    public static Task<Results<Ok<ActorResponse>, ValidationProblem, NotFoundProblem, ConflictProblem>> Patch(
        HttpContext context, DefinitionService service, string name, [FromHeader(Name = "If-Match")] string? ifMatch, CancellationToken cancellationToken) =>
        Handlers.PatchAsync(context, service, name, ifMatch, cancellationToken);

    [WolverineDelete(Route + "/{name}", OperationId = "DeleteActor"), RequiresRole(Role.Operator)]
    [EndpointSummary("Delete an actor (its versions stay readable); 409 while a state machine uses it")]
    [EndpointDescription("If-Match names the version the deletion is for; 409 when it is stale.")]
    public static Task<Results<NoContent, ValidationProblem, NotFoundProblem, ConflictProblem>> Delete(
        HttpContext context, DefinitionService service, string name, [FromHeader(Name = "If-Match")] string? ifMatch, CancellationToken cancellationToken) =>
        Handlers.DeleteAsync(context, service, name, ifMatch, cancellationToken);
}
