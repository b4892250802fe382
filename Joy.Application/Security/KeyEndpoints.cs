using System.Security.Claims;
using System.Text.RegularExpressions;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;
using Wolverine.Http;

namespace Joy.Application.Security;

/// <summary>
/// <c>/api/v1/admin/keys</c> (admin): create a key (its secret is in this answer only), list keys, revoke one.
/// <c>/api/v1/whoami</c> (any role): who the caller is, which the dashboard reads to hide what the role may not do.
/// </summary>
[Tags("Admin")]
public static partial class KeyEndpoints
{
    private const string Route = "/api/v1/admin/keys";

    public sealed record CreateApiKeyRequest(string? Name, string? Role, DateTimeOffset? ExpiresAt);

    public sealed record CreatedApiKey(ApiKeyView Key, string Secret);

    public sealed record Caller(string Name, string Role, string Credential);

    [WolverinePost(Route, OperationId = "CreateApiKey"), RequiresRole(Role.Admin)]
    [EndpointSummary("Create an API key with a role and an optional expiry; the answer holds its secret, shown this once")]
    [EndpointDescription("201 with the key and its secret; 409 when the name is or was taken (names of revoked keys are not reused).")]
    [ProducesResponseType<ProblemDetails>(StatusCodes.Status409Conflict, "application/problem+json")]
    public static async Task<Results<Created<CreatedApiKey>, ValidationProblem, ProblemHttpResult>> Create(
        CreateApiKeyRequest request, ApiKeys store, TimeProvider time, ClaimsPrincipal user, CancellationToken cancellationToken)
    {
        if (request is null)
        {
            // A JSON null: Wolverine hands it over where a minimal API refused it (400 with the binder's words): so do we.
            return TypedResults.Problem(statusCode: StatusCodes.Status400BadRequest, title: "Bad request",
                detail: "Implicit body inferred for parameter \"request\" but no body was provided. Did you mean to use a Service instead?");
        }

        var problems = new Dictionary<string, string[]>();
        if (request.Name is not { } name || !KeyName().IsMatch(name))
        {
            problems["name"] = ["name is required: 1-64 letters, digits, '.', '_' or '-', starting with a letter or digit"];
        }

        if (!Roles.TryParse(request.Role, out var role))
        {
            problems["role"] = [$"role must be one of {string.Join(", ", Roles.All.Select(r => r.Name()))}"];
        }

        if (request.ExpiresAt is { } expiry && expiry <= time.GetUtcNow())
        {
            problems["expiresAt"] = ["expiresAt must be in the future"];
        }

        if (problems.Count > 0)
        {
            return TypedResults.ValidationProblem(problems);
        }

        return await store.CreateAsync(request.Name!, role, request.ExpiresAt, user.Identity!.Name!, cancellationToken) is { } created
            ? TypedResults.Created($"{Route}/{created.Key.Name}", new CreatedApiKey(created.Key, created.Secret))
            : TypedResults.Problem(statusCode: StatusCodes.Status409Conflict, title: "Conflict",
                detail: $"A key named '{request.Name}' exists (or existed: names of revoked keys are not reused).");
    }

    [WolverineGet(Route, OperationId = "ListApiKeys"), RequiresRole(Role.Admin)]
    [EndpointSummary("Every key, active, expired or revoked (never a secret)"), EndpointDescription("Each key's name, role, expiry and who created or revoked it.")]
    public static async Task<Ok<IReadOnlyList<ApiKeyView>>> List(ApiKeys store, CancellationToken cancellationToken) =>
        TypedResults.Ok(await store.ListAsync(cancellationToken));

    [WolverineDelete(Route + "/{name}", OperationId = "RevokeApiKey"), RequiresRole(Role.Admin)]
    [EndpointSummary("Revoke a key: refused from the next request on"), EndpointDescription("200 with the revoked key; 404 when there is no key of that name.")]
    [ProducesResponseType<ProblemDetails>(StatusCodes.Status404NotFound, "application/problem+json")]
    public static async Task<Results<Ok<ApiKeyView>, ProblemHttpResult>> Revoke(
        string name, ApiKeys store, ClaimsPrincipal user, CancellationToken cancellationToken) =>
        await store.RevokeAsync(name, user.Identity!.Name!, cancellationToken) is { } revoked
            ? TypedResults.Ok(revoked)
            : TypedResults.Problem(statusCode: StatusCodes.Status404NotFound, title: "Not found", detail: $"There is no key named '{name}'.");

    [WolverineGet("/api/v1/whoami", OperationId = "WhoAmI"), RequiresRole(Role.Reader)]
    [EndpointSummary("The caller's name, role and credential"), EndpointDescription("The dashboard reads it to hide what the caller's role may not do.")]
    public static Ok<Caller> WhoAmI(ClaimsPrincipal user) => TypedResults.Ok(new Caller(
        user.Identity!.Name!, JoyPrincipal.RoleOf(user)!.Value.Name(), user.FindFirst(JoyPrincipal.CredentialClaim)!.Value));

    [GeneratedRegex("^[A-Za-z0-9][A-Za-z0-9._-]{0,63}$")]
    private static partial Regex KeyName();
}
