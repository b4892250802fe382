using System.Text.Json.Nodes;
using Joy.Application.EventStore;
using Joy.Domain.Definitions;

namespace Joy.Application.Definitions;

public sealed partial class DefinitionService
{
    /// <summary>Validated against the actors that exist now: a Task may only name one of them.</summary>
    public async Task DefineStateMachineAsync(StateMachineDefinition machine, EventMetadata? metadata = null, CancellationToken cancellationToken = default)
    {
        var known = await queries.KnownActorsAsync(cancellationToken);
        await DecideAsync(new DecideStateMachine(machine.Name ?? "", new DefineStateMachine(machine, known), null, metadata), cancellationToken);
    }

    /// <summary>A JSON merge patch; a given <c>definition</c> replaces the whole ASL document.</summary>
    public async Task<DefinitionRecord<StateMachineDefinition>> ChangeStateMachineAsync(
        string name, JsonObject patch, int? expectedVersion = null, EventMetadata? metadata = null, CancellationToken cancellationToken = default)
    {
        var known = await queries.KnownActorsAsync(cancellationToken);
        await DecideAsync(new DecideStateMachine(name, new ChangeStateMachine(name, patch, known), expectedVersion, metadata), cancellationToken);
        return await GetStateMachineAsync(name, cancellationToken: cancellationToken)
            ?? throw new DefinitionNotFoundException(DefinitionKind.StateMachine.Name, name);
    }

    public Task DeleteStateMachineAsync(string name, int? expectedVersion = null, EventMetadata? metadata = null, CancellationToken cancellationToken = default) =>
        DecideAsync(new DecideStateMachine(name, new DeleteStateMachine(name), expectedVersion, metadata), cancellationToken);

    public Task<DefinitionRecord<StateMachineDefinition>?> GetStateMachineAsync(string name, int? version = null, CancellationToken cancellationToken = default) =>
        queries.GetAsync<StateMachineDefinition>(DefinitionKind.StateMachine, name, version, cancellationToken);

    public Task<IReadOnlyList<DefinitionRecord<StateMachineDefinition>>> ListStateMachinesAsync(CancellationToken cancellationToken = default) =>
        queries.ListAsync<StateMachineDefinition>(DefinitionKind.StateMachine, cancellationToken);
}
