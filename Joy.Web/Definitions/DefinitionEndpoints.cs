using Joy.Application.Security;
using Joy.Web.Security;
namespace Joy.Web.Definitions;

/// <summary>
/// <c>/api/v1/{kind}</c>: the original service's routes over event-sourced, versioned definitions,
/// one implementation for every kind (<see cref="ActorEndpoints"/>, <see cref="StateMachineEndpoints"/>).
/// </summary>
internal static class DefinitionEndpoints
{
    public static IEndpointRouteBuilder MapDefinitions<TDefinition, TResponse>(
        this IEndpointRouteBuilder endpoints, DefinitionRoutes<TDefinition, TResponse> kind)
        where TDefinition : notnull
    {
        // Handlers are instance methods closing over the kind, so the typed Results<...> signatures
        // (and with them each route's statuses in the OpenAPI document) are declared once.
        var handlers = new DefinitionHandlers<TDefinition, TResponse>(kind);
        var group = endpoints.MapGroup($"/api/v1/{kind.Segment}").WithTags(kind.Segment);
        group.MapGet("/All", handlers.ListAsync).WithName($"List{kind.Plural}").WithSummary(kind.Summaries.List)
            .RequireRole(Role.Reader);
        group.MapGet("/{name}", handlers.GetAsync).WithName($"Get{kind.Singular}").WithSummary(kind.Summaries.Get)
            .ProducesValidationProblem().RequireRole(Role.Reader);
        group.MapPut("", handlers.PutAsync).WithName($"Put{kind.Singular}").WithSummary(kind.Summaries.Put)
            .Accepts<TDefinition>("application/json").RequireRole(Role.Operator);
        group.MapPatch("/{name}", handlers.PatchAsync).WithName($"Patch{kind.Singular}").WithSummary(kind.Summaries.Patch)
            .Accepts<TDefinition>("application/merge-patch+json", "application/json").RequireRole(Role.Operator);
        group.MapDelete("/{name}", handlers.DeleteAsync).WithName($"Delete{kind.Singular}").WithSummary(kind.Summaries.Delete)
            .RequireRole(Role.Operator);
        return endpoints;
    }
}
