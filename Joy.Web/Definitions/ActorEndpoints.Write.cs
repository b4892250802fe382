using Joy.Application.Definitions;
using DomainJson = Joy.Domain.DomainJson;
using Joy.Domain.Definitions;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;

namespace Joy.Web.Definitions;

public static partial class ActorEndpoints
{
    private static async Task<Results<Created<DefinitionCreated>, ValidationProblem, ConflictProblem>> PutAsync(
        HttpContext context, DefinitionService service, CancellationToken cancellationToken)
    {
        var parsed = await DefinitionBody.ReadAsync(context.Request, DefinitionBody.CheckActor, patch: false, cancellationToken);
        if (parsed.Errors is not null)
        {
            return DefinitionErrors.Invalid(parsed.Errors);
        }

        var actor = DomainJson.FromNode<ActorDefinition>(parsed.Body)!;
        try
        {
            await service.DefineActorAsync(actor, cancellationToken);
            return TypedResults.Created($"/api/v1/Actor/{Uri.EscapeDataString(actor.Name)}", new DefinitionCreated(actor.Name));
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

    private static async Task<Results<Ok<ActorResponse>, ValidationProblem, NotFoundProblem, ConflictProblem>> PatchAsync(
        HttpContext context, DefinitionService service, string name, [FromHeader(Name = "If-Match")] string? ifMatch, CancellationToken cancellationToken)
    {
        if (!DefinitionErrors.TryParseIfMatch(ifMatch, out var expected))
        {
            return DefinitionErrors.BadIfMatch();
        }

        var parsed = await DefinitionBody.ReadAsync(context.Request, DefinitionBody.CheckActor, patch: true, cancellationToken);
        if (parsed.Errors is not null)
        {
            return DefinitionErrors.Invalid(parsed.Errors);
        }

        try
        {
            var changed = await service.ChangeActorAsync(name, parsed.Body!, expected, cancellationToken);
            DefinitionErrors.SetETag(context, changed.Version);
            return TypedResults.Ok(ActorResponse.From(changed));
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
            await service.DeleteActorAsync(name, expected, cancellationToken);
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
