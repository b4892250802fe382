using Joy.Domain.Definitions;

namespace Joy.Web.Definitions;

/// <summary>
/// <c>/api/v1/Actor</c>: the original service's routes over event-sourced, versioned actors,
/// served by the shared <see cref="DefinitionEndpoints"/>; only what is actor-specific lives here.
/// </summary>
public static class ActorEndpoints
{
    private static readonly DefinitionRoutes<ActorDefinition, ActorResponse> Routes = new(
        Segment: "Actor",
        Singular: "Actor",
        Plural: "Actors",
        new DefinitionSummaries(
            List: "Every current actor, by name",
            Get: "An actor: its current version, or ?version=N for an older one (also after it was deleted)",
            Put: "Define a new actor; 409 when the name exists",
            Patch: "Change an actor with a JSON merge patch: only the given fields change (null removes one); a new version",
            Delete: "Delete an actor (its versions stay readable); 409 while a state machine uses it"),
        DefinitionBody.CheckActor,
        NameOf: actor => actor.Name,
        Define: (service, actor, metadata, cancellationToken) => service.DefineActorAsync(actor, metadata, cancellationToken),
        Change: (service, name, patch, expected, metadata, cancellationToken) => service.ChangeActorAsync(name, patch, expected, metadata, cancellationToken),
        Delete: (service, name, expected, metadata, cancellationToken) => service.DeleteActorAsync(name, expected, metadata, cancellationToken),
        Get: (service, name, version, cancellationToken) => service.GetActorAsync(name, version, cancellationToken),
        List: (service, cancellationToken) => service.ListActorsAsync(cancellationToken),
        ActorResponse.From);

    public static IEndpointRouteBuilder MapActors(this IEndpointRouteBuilder endpoints) => endpoints.MapDefinitions(Routes);
}
