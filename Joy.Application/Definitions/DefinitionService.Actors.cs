using System.Text.Json.Nodes;
using Joy.Application.EventStore;
using Joy.Domain.Definitions;

namespace Joy.Application.Definitions;

public sealed partial class DefinitionService
{
    public Task DefineActorAsync(ActorDefinition actor, EventMetadata? metadata = null, CancellationToken cancellationToken = default) =>
        DecideAsync(new DecideActor(actor.Name ?? "", new DefineActor(actor), null, metadata), cancellationToken);

    /// <summary>Applies a JSON merge patch; returns the definition after it (the same version when nothing changed).</summary>
    public async Task<DefinitionRecord<ActorDefinition>> ChangeActorAsync(
        string name, JsonObject patch, int? expectedVersion = null, EventMetadata? metadata = null, CancellationToken cancellationToken = default)
    {
        await DecideAsync(new DecideActor(name, new ChangeActor(name, patch), expectedVersion, metadata), cancellationToken);
        return await GetActorAsync(name, cancellationToken: cancellationToken)
            ?? throw new DefinitionNotFoundException(DefinitionKind.Actor.Name, name); // deleted meanwhile
    }

    /// <summary>Refused while a current state machine runs the actor (<see cref="ActorInUseException"/>).</summary>
    public async Task DeleteActorAsync(string name, int? expectedVersion = null, EventMetadata? metadata = null, CancellationToken cancellationToken = default)
    {
        var users = await queries.StateMachinesUsingAsync(name, cancellationToken);
        if (users.Count > 0)
        {
            throw new ActorInUseException(name, users);
        }

        await DecideAsync(new DecideActor(name, new DeleteActor(name), expectedVersion, metadata), cancellationToken);
    }

    public Task<DefinitionRecord<ActorDefinition>?> GetActorAsync(string name, int? version = null, CancellationToken cancellationToken = default) =>
        queries.GetAsync<ActorDefinition>(DefinitionKind.Actor, name, version, cancellationToken);

    public Task<IReadOnlyList<DefinitionRecord<ActorDefinition>>> ListActorsAsync(CancellationToken cancellationToken = default) =>
        queries.ListAsync<ActorDefinition>(DefinitionKind.Actor, cancellationToken);
}
