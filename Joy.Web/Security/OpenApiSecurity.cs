using System.Text.Json.Nodes;
using Joy.Application.Security;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.OpenApi;
using Microsoft.OpenApi;

namespace Joy.Web.Security;

/// <summary>
/// The OpenAPI document's security: the schemes a caller may use (an API key as a bearer token, a client
/// certificate) and, on each operation, that it needs one, with its role as <c>x-joy-role</c>.
/// </summary>
public static class OpenApiSecurity
{
    public const string BearerScheme = "bearer";
    public const string CertificateScheme = "clientCertificate";

    public static OpenApiOptions AddJoySecurity(this OpenApiOptions options)
    {
        options.AddDocumentTransformer((document, _, _) =>
        {
            document.Components ??= new OpenApiComponents();
            document.Components.SecuritySchemes ??= new Dictionary<string, IOpenApiSecurityScheme>();
            document.Components.SecuritySchemes[BearerScheme] = new OpenApiSecurityScheme
            {
                Type = SecuritySchemeType.Http,
                Scheme = "bearer",
                Description = "An API key (joy_…) made by an admin at /api/v1/admin/keys, or a token of the configured issuer.",
            };
            document.Components.SecuritySchemes[CertificateScheme] = new OpenApiSecurityScheme
            {
                Type = SecuritySchemeType.MutualTLS,
                Description = "A client certificate on the HTTPS endpoint, mapped to a role by subject or thumbprint (Joy:Auth:Certificates).",
            };
            return Task.CompletedTask;
        });
        options.AddOperationTransformer((operation, context, _) =>
        {
            var policy = context.Description.ActionDescriptor.EndpointMetadata.OfType<IAuthorizeData>().Select(a => a.Policy).LastOrDefault();
            if (!Roles.TryParse(policy, out var role))
            {
                return Task.CompletedTask;
            }

            operation.Security =
            [
                new OpenApiSecurityRequirement { [new OpenApiSecuritySchemeReference(BearerScheme, context.Document)] = [] },
                new OpenApiSecurityRequirement { [new OpenApiSecuritySchemeReference(CertificateScheme, context.Document)] = [] },
            ];
            operation.Extensions ??= new Dictionary<string, IOpenApiExtension>();
            operation.Extensions["x-joy-role"] = new JsonNodeExtension(JsonValue.Create(role.Name()));
            return Task.CompletedTask;
        });
        return options;
    }
}
