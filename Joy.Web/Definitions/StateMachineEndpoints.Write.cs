using Joy.Application.Definitions;
using DomainJson = Joy.Domain.DomainJson;
using Joy.Domain.Definitions;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;

namespace Joy.Web.Definitions;

public static partial class StateMachineEndpoints
{
    private static async Task<Results<Created<DefinitionCreated>, ValidationProblem, ConflictProblem>> PutAsync(
        HttpContext context, DefinitionService service, CancellationToken cancellationToken)
    {
        var parsed = await DefinitionBody.ReadAsync(context.Request, DefinitionBody.CheckStateMachine, patch: false, cancellationToken);
        if (parsed.Errors is not null)
        {
            return DefinitionErrors.Invalid(parsed.Errors);
        }

        var machine = DomainJson.FromNode<StateMachineDefinition>(parsed.Body)!;
        try
        {
            await service.DefineStateMachineAsync(machine, cancellationToken);
            return TypedResults.Created($"/api/v1/StateMachine/{Uri.EscapeDataString(machine.Name)}", new DefinitionCreated(machine.Name));
        }
        catch (Exception refused) when (DefinitionErrors.IsRefusal(refused))
        {
            return refused switch
            {
                DefinitionInvalidException invalid => DefinitionErrors.Invalid(invalid),
                _ => DefinitionErrors.Conflict(refused),
            };
        }
    }

    private static async Task<Results<Ok<StateMachineResponse>, ValidationProblem, NotFoundProblem, ConflictProblem>> PatchAsync(
        HttpContext context, DefinitionService service, string name, [FromHeader(Name = "If-Match")] string? ifMatch, CancellationToken cancellationToken)
    {
        if (!DefinitionErrors.TryParseIfMatch(ifMatch, out var expected))
        {
            return DefinitionErrors.BadIfMatch();
        }

        var parsed = await DefinitionBody.ReadAsync(context.Request, DefinitionBody.CheckStateMachine, patch: true, cancellationToken);
        if (parsed.Errors is not null)
        {
            return DefinitionErrors.Invalid(parsed.Errors);
        }

        try
        {
            var changed = await service.ChangeStateMachineAsync(name, parsed.Body!, expected, cancellationToken);
            DefinitionErrors.SetETag(context, changed.Version);
            return TypedResults.Ok(StateMachineResponse.From(changed));
        }
        catch (Exception refused) when (DefinitionErrors.IsRefusal(refused))
        {
            return refused switch
            {
                DefinitionInvalidException invalid => DefinitionErrors.Invalid(invalid),
                DefinitionNotFoundException notFound => DefinitionErrors.NotFound(notFound),
                _ => DefinitionErrors.Conflict(refused),
            };
        }
    }

    private static async Task<Results<NoContent, ValidationProblem, NotFoundProblem, ConflictProblem>> DeleteAsync(
        HttpContext context, DefinitionService service, string name, [FromHeader(Name = "If-Match")] string? ifMatch, CancellationToken cancellationToken)
    {
        if (!DefinitionErrors.TryParseIfMatch(ifMatch, out var expected))
        {
            return DefinitionErrors.BadIfMatch();
        }

        try
        {
            await service.DeleteStateMachineAsync(name, expected, cancellationToken);
            return TypedResults.NoContent();
        }
        catch (Exception refused) when (DefinitionErrors.IsRefusal(refused))
        {
            return refused switch
            {
                DefinitionNotFoundException notFound => DefinitionErrors.NotFound(notFound),
                _ => DefinitionErrors.Conflict(refused),
            };
        }
    }
}
