using Joy.Application.Definitions;
using Joy.Domain.Definitions;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;

namespace Joy.Web.Definitions;

/// <summary>
/// <c>/api/v1/Actor</c>: the original service's routes over event-sourced, versioned actors.
/// Reads here; PUT, PATCH and DELETE in <c>ActorEndpoints.Write.cs</c>.
/// </summary>
public static partial class ActorEndpoints
{
    private const string Kind = "Actor";

    public static IEndpointRouteBuilder MapActors(this IEndpointRouteBuilder endpoints)
    {
        var group = endpoints.MapGroup("/api/v1/Actor").WithTags(Kind);
        group.MapGet("/All", ListAsync).WithName("ListActors").WithSummary("Every current actor, by name");
        group.MapGet("/{name}", GetAsync).WithName("GetActor")
            .WithSummary("An actor: its current version, or ?version=N for an older one (also after it was deleted)")
            .ProducesValidationProblem();
        group.MapPut("", PutAsync).WithName("PutActor").WithSummary("Define a new actor; 409 when the name exists")
            .Accepts<ActorDefinition>("application/json");
        group.MapPatch("/{name}", PatchAsync).WithName("PatchActor")
            .WithSummary("Change an actor with a JSON merge patch: only the given fields change (null removes one); a new version")
            .Accepts<ActorDefinition>("application/merge-patch+json", "application/json");
        group.MapDelete("/{name}", DeleteAsync).WithName("DeleteActor")
            .WithSummary("Delete an actor (its versions stay readable); 409 while a state machine uses it");
        return endpoints;
    }

    private static async Task<Ok<ActorResponse[]>> ListAsync(DefinitionService service, CancellationToken cancellationToken) =>
        TypedResults.Ok((await service.ListActorsAsync(cancellationToken)).Select(ActorResponse.From).ToArray());

    private static async Task<Results<Ok<ActorResponse>, NotFoundProblem>> GetAsync(
        HttpContext context, DefinitionService service, string name, [FromQuery] int? version, CancellationToken cancellationToken)
    {
        var found = await service.GetActorAsync(name, version, cancellationToken);
        if (found is null)
        {
            return DefinitionErrors.NotFound(Kind, name, version);
        }

        DefinitionErrors.SetETag(context, found.Version);
        return TypedResults.Ok(ActorResponse.From(found));
    }
}
