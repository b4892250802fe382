using Joy.Application.EventStore;
using Joy.Domain.Definitions;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Net.Http.Headers;

namespace Joy.Application.Definitions;

/// <summary>
/// The definitions' refusals as typed ProblemDetails results (so each route's OpenAPI lists its
/// statuses): invalid 400 with every problem by JSON pointer, unknown 404, conflicts 409.
/// </summary>
internal static class DefinitionErrors
{
    /// <summary>The refusals a definition use case may throw; anything else is a server error.</summary>
    public static bool IsRefusal(Exception exception) => exception is DefinitionRejectedException or ActorInUseException
        or WrongExpectedVersionException or StreamArchivedException;

    public static ValidationProblem Invalid(DefinitionInvalidException invalid) =>
        TypedResults.ValidationProblem(invalid.Problems.GroupBy(p => p.Pointer, StringComparer.Ordinal)
            .ToDictionary(g => g.Key, g => g.Select(p => p.Message).ToArray(), StringComparer.Ordinal));

    public static ValidationProblem Invalid(Dictionary<string, string[]> errors) => TypedResults.ValidationProblem(errors);

    public static NotFoundProblem NotFound(string kind, string name, int? version = null) =>
        new(Problem(StatusCodes.Status404NotFound, $"{kind} not found",
            version is null ? $"There is no {kind} '{name}'." : $"There is no {kind} '{name}' at version {version}."));

    public static NotFoundProblem NotFound(DefinitionNotFoundException notFound) =>
        new(Problem(StatusCodes.Status404NotFound, "Definition not found", notFound.Message));

    /// <summary>Duplicate name, actor in use, stale If-Match or a lost race: the request conflicts with what is stored.</summary>
    public static ConflictProblem Conflict(Exception exception)
    {
        var problem = exception switch
        {
            DefinitionAlreadyExistsException exists => Problem(StatusCodes.Status409Conflict, "Definition already exists",
                exists.Message + " Change it with PATCH, or DELETE it first."),
            ActorInUseException inUse => Problem(StatusCodes.Status409Conflict, "Actor in use", inUse.Message + " Change or delete them first.")
                .With("stateMachines", inUse.StateMachines),
            WrongExpectedVersionException stale => Problem(StatusCodes.Status409Conflict, "Stale version",
                $"The definition is at version {stale.ActualVersion}, not {stale.Expected}. Read it again and retry."),
            _ => Problem(StatusCodes.Status409Conflict, "Conflict", "The definition was changed concurrently; retry."),
        };
        return new(problem);
    }

    /// <summary>
    /// The version named by If-Match (<c>"3"</c>, <c>W/"3"</c> or <c>3</c>); null when absent or <c>*</c>.
    /// False when it is not a version.
    /// </summary>
    public static bool TryParseIfMatch(string? ifMatch, out int? version)
    {
        version = null;
        if (string.IsNullOrWhiteSpace(ifMatch) || ifMatch.Trim() == "*")
        {
            return true;
        }

        var text = EntityTagHeaderValue.TryParse(ifMatch.Trim(), out var tag) ? tag.Tag.Value!.Trim('"') : ifMatch.Trim();
        if (int.TryParse(text, System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out var parsed) && parsed > 0)
        {
            version = parsed;
            return true;
        }

        return false;
    }

    public static ValidationProblem BadIfMatch() =>
        TypedResults.ValidationProblem(new Dictionary<string, string[]> { ["If-Match"] = ["Must be a version as GET's ETag gives it, e.g. \"3\"."] });

    /// <summary>GET answers with the version as ETag, for If-Match on PATCH and DELETE.</summary>
    public static void SetETag(HttpContext context, int version) => context.Response.Headers.ETag = $"\"{version}\"";

    private static ProblemDetails Problem(int status, string title, string detail) => new()
    {
        Status = status,
        Title = title,
        Detail = detail,
    };

    private static ProblemDetails With(this ProblemDetails problem, string key, object value)
    {
        problem.Extensions[key] = value;
        return problem;
    }
}
