using Joy.Domain.Definitions;

namespace Joy.Application.Definitions;

/// <summary><see cref="IDefinitionReader"/> on the projection tables: no stream is folded to read a version.</summary>
public sealed class PostgresDefinitionReader(DefinitionQueries queries) : IDefinitionReader
{
    public async Task<VersionedDefinition<StateMachineDefinition>?> GetStateMachineAsync(
        string name, int? version = null, CancellationToken cancellationToken = default) =>
        await queries.GetAsync<StateMachineDefinition>(DefinitionKind.StateMachine, name, version, cancellationToken) is { } found
            ? new(found.Definition, found.Version, found.UpdatedAt)
            : null;

    public async Task<VersionedDefinition<ActorDefinition>?> GetActorAsync(
        string name, int? version = null, CancellationToken cancellationToken = default) =>
        await queries.GetAsync<ActorDefinition>(DefinitionKind.Actor, name, version, cancellationToken) is { } found
            ? new(found.Definition, found.Version, found.UpdatedAt)
            : null;
}
