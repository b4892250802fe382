using Joy.Application.Definitions;
using Joy.Domain.Definitions;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;

namespace Joy.Web.Definitions;

/// <summary>
/// <c>/api/v1/StateMachine</c>: the original service's routes over event-sourced, versioned state machines.
/// Reads here; PUT, PATCH and DELETE in <c>StateMachineEndpoints.Write.cs</c>.
/// </summary>
public static partial class StateMachineEndpoints
{
    private const string Kind = "StateMachine";

    public static IEndpointRouteBuilder MapStateMachines(this IEndpointRouteBuilder endpoints)
    {
        var group = endpoints.MapGroup("/api/v1/StateMachine").WithTags(Kind);
        group.MapGet("/All", ListAsync).WithName("ListStateMachines").WithSummary("Every current state machine, by name");
        group.MapGet("/{name}", GetAsync).WithName("GetStateMachine")
            .WithSummary("A state machine: its current version, or ?version=N for an older one (also after it was deleted)")
            .ProducesValidationProblem();
        group.MapPut("", PutAsync).WithName("PutStateMachine").WithSummary("Define a new state machine (its Tasks may only name existing actors); 409 when the name exists")
            .Accepts<StateMachineDefinition>("application/json");
        group.MapPatch("/{name}", PatchAsync).WithName("PatchStateMachine")
            .WithSummary("Change a state machine with a JSON merge patch: only the given fields change; a given definition replaces the whole ASL document")
            .Accepts<StateMachineDefinition>("application/merge-patch+json", "application/json");
        group.MapDelete("/{name}", DeleteAsync).WithName("DeleteStateMachine")
            .WithSummary("Delete a state machine (its versions stay readable)");
        return endpoints;
    }

    private static async Task<Ok<StateMachineResponse[]>> ListAsync(DefinitionService service, CancellationToken cancellationToken) =>
        TypedResults.Ok((await service.ListStateMachinesAsync(cancellationToken)).Select(StateMachineResponse.From).ToArray());

    private static async Task<Results<Ok<StateMachineResponse>, NotFoundProblem>> GetAsync(
        HttpContext context, DefinitionService service, string name, [FromQuery] int? version, CancellationToken cancellationToken)
    {
        var found = await service.GetStateMachineAsync(name, version, cancellationToken);
        if (found is null)
        {
            return DefinitionErrors.NotFound(Kind, name, version);
        }

        DefinitionErrors.SetETag(context, found.Version);
        return TypedResults.Ok(StateMachineResponse.From(found));
    }
}
