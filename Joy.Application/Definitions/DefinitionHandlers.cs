using Joy.Application.Security;
using Joy.Domain.Definitions;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using DomainJson = Joy.Domain.DomainJson;

namespace Joy.Application.Definitions;

/// <summary>
/// The GET, PUT, PATCH and DELETE handlers of one definition kind: bodies are read by
/// <see cref="DefinitionBody"/>, refusals become <see cref="DefinitionErrors"/>' typed problems,
/// the version travels as ETag / If-Match. <see cref="ActorEndpoints"/> and <see cref="StateMachineEndpoints"/>
/// declare the routes and hand over to one of these.
/// </summary>
internal sealed class DefinitionHandlers<TDefinition, TResponse>(DefinitionRoutes<TDefinition, TResponse> kind)
{
    public async Task<Ok<TResponse[]>> ListAsync(DefinitionService service, CancellationToken cancellationToken) =>
        TypedResults.Ok((await kind.List(service, cancellationToken)).Select(kind.Respond).ToArray());

    public async Task<Results<Ok<TResponse>, NotFoundProblem>> GetAsync(
        HttpContext context, DefinitionService service, string name, int? version, CancellationToken cancellationToken)
    {
        var found = await kind.Get(service, name, version, cancellationToken);
        if (found is null)
        {
            return DefinitionErrors.NotFound(kind.Segment, name, version);
        }

        DefinitionErrors.SetETag(context, found.Version);
        return TypedResults.Ok(kind.Respond(found));
    }

    public async Task<Results<Created<DefinitionCreated>, ValidationProblem, ConflictProblem>> PutAsync(
        HttpContext context, DefinitionService service, CancellationToken cancellationToken)
    {
        var parsed = await DefinitionBody.ReadAsync(context.Request, kind.Check, patch: false, cancellationToken);
        if (parsed.Errors is not null)
        {
            return DefinitionErrors.Invalid(parsed.Errors);
        }

        var definition = DomainJson.FromNode<TDefinition>(parsed.Body)!;
        var name = kind.NameOf(definition);
        try
        {
            await kind.Define(service, definition, context.EventMetadata(), cancellationToken);
            return TypedResults.Created($"/api/v1/{kind.Segment}/{Uri.EscapeDataString(name)}", new DefinitionCreated(name));
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

    public async Task<Results<Ok<TResponse>, ValidationProblem, NotFoundProblem, ConflictProblem>> PatchAsync(
        HttpContext context, DefinitionService service, string name, string? ifMatch, CancellationToken cancellationToken)
    {
        if (!DefinitionErrors.TryParseIfMatch(ifMatch, out var expected))
        {
            return DefinitionErrors.BadIfMatch();
        }

        var parsed = await DefinitionBody.ReadAsync(context.Request, kind.Check, patch: true, cancellationToken);
        if (parsed.Errors is not null)
        {
            return DefinitionErrors.Invalid(parsed.Errors);
        }

        try
        {
            var changed = await kind.Change(service, name, parsed.Body!, expected, context.EventMetadata(), cancellationToken);
            DefinitionErrors.SetETag(context, changed.Version);
            return TypedResults.Ok(kind.Respond(changed));
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

    public async Task<Results<NoContent, ValidationProblem, NotFoundProblem, ConflictProblem>> DeleteAsync(
        HttpContext context, DefinitionService service, string name, string? ifMatch, CancellationToken cancellationToken)
    {
        if (!DefinitionErrors.TryParseIfMatch(ifMatch, out var expected))
        {
            return DefinitionErrors.BadIfMatch();
        }

        try
        {
            await kind.Delete(service, name, expected, context.EventMetadata(), cancellationToken);
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
