using System.Text.RegularExpressions;
using Joy.Application.Definitions;
using Joy.Application.Security;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;

namespace Joy.Web.Security;

/// <summary>
/// <c>/api/v1/admin/keys</c> (admin): create a key (its secret is in this answer only), list keys, revoke one.
/// <c>/api/v1/whoami</c> (any role): who the caller is, which the dashboard reads to hide what the role may not do.
/// </summary>
public static partial class KeyEndpoints
{
    public sealed record CreateApiKeyRequest(string? Name, string? Role, DateTimeOffset? ExpiresAt);

    public sealed record CreatedApiKey(ApiKeyView Key, string Secret);

    public sealed record Caller(string Name, string Role, string Credential);

    public static IEndpointRouteBuilder MapKeys(this IEndpointRouteBuilder endpoints)
    {
        var keys = endpoints.MapGroup("/api/v1/admin/keys").WithTags("Admin");
        keys.MapPost("/", CreateAsync).WithName("CreateApiKey").RequireRole(Role.Admin)
            .WithSummary("Create an API key with a role and an optional expiry; the answer holds its secret, shown this once");
        keys.MapGet("/", (ApiKeys store, CancellationToken cancellationToken) => store.ListAsync(cancellationToken))
            .WithName("ListApiKeys").RequireRole(Role.Admin).WithSummary("Every key, active, expired or revoked (never a secret)");
        keys.MapDelete("/{name}", RevokeAsync).WithName("RevokeApiKey").RequireRole(Role.Admin)
            .WithSummary("Revoke a key: refused from the next request on");

        endpoints.MapGet("/api/v1/whoami", (HttpContext context) => TypedResults.Ok(new Caller(
                context.User.Identity!.Name!, JoyPrincipal.RoleOf(context.User)!.Value.Name(), context.User.FindFirst(JoyPrincipal.CredentialClaim)!.Value)))
            .WithTags("Admin").WithName("WhoAmI").RequireRole(Role.Reader).WithSummary("The caller's name, role and credential");
        return endpoints;
    }

    private static async Task<Results<Created<CreatedApiKey>, ValidationProblem, ConflictProblem>> CreateAsync(
        CreateApiKeyRequest request, ApiKeys store, TimeProvider time, HttpContext context, CancellationToken cancellationToken)
    {
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

        return await store.CreateAsync(request.Name!, role, request.ExpiresAt, context.User.Identity!.Name!, cancellationToken) is { } created
            ? TypedResults.Created($"/api/v1/admin/keys/{created.Key.Name}", new CreatedApiKey(created.Key, created.Secret))
            : new ConflictProblem(new ProblemDetails { Title = "Conflict", Detail = $"A key named '{request.Name}' exists (or existed: names of revoked keys are not reused)." });
    }

    private static async Task<Results<Ok<ApiKeyView>, NotFoundProblem>> RevokeAsync(string name, ApiKeys store, HttpContext context, CancellationToken cancellationToken) =>
        await store.RevokeAsync(name, context.User.Identity!.Name!, cancellationToken) is { } revoked
            ? TypedResults.Ok(revoked)
            : new NotFoundProblem(new ProblemDetails { Title = "Not found", Detail = $"There is no key named '{name}'." });

    [GeneratedRegex("^[A-Za-z0-9][A-Za-z0-9._-]{0,63}$")]
    private static partial Regex KeyName();
}
