using Joy.Domain.Definitions;

namespace Joy.Web.Definitions;

/// <summary>
/// <c>/api/v1/StateMachine</c>: the original service's routes over event-sourced, versioned state machines,
/// served by the shared <see cref="DefinitionEndpoints"/>; only what is state-machine-specific lives here.
/// </summary>
public static class StateMachineEndpoints
{
    private static readonly DefinitionRoutes<StateMachineDefinition, StateMachineResponse> Routes = new(
        Segment: "StateMachine",
        Singular: "StateMachine",
        Plural: "StateMachines",
        new DefinitionSummaries(
            List: "Every current state machine, by name",
            Get: "A state machine: its current version, or ?version=N for an older one (also after it was deleted)",
            Put: "Define a new state machine (its Tasks may only name existing actors); 409 when the name exists",
            Patch: "Change a state machine with a JSON merge patch: only the given fields change; a given definition replaces the whole ASL document",
            Delete: "Delete a state machine (its versions stay readable)"),
        DefinitionBody.CheckStateMachine,
        NameOf: machine => machine.Name,
        Define: (service, machine, metadata, cancellationToken) => service.DefineStateMachineAsync(machine, metadata, cancellationToken),
        Change: (service, name, patch, expected, metadata, cancellationToken) => service.ChangeStateMachineAsync(name, patch, expected, metadata, cancellationToken),
        Delete: (service, name, expected, metadata, cancellationToken) => service.DeleteStateMachineAsync(name, expected, metadata, cancellationToken),
        Get: (service, name, version, cancellationToken) => service.GetStateMachineAsync(name, version, cancellationToken),
        List: (service, cancellationToken) => service.ListStateMachinesAsync(cancellationToken),
        StateMachineResponse.From);

    public static IEndpointRouteBuilder MapStateMachines(this IEndpointRouteBuilder endpoints) => endpoints.MapDefinitions(Routes);
}
