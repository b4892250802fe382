using Microsoft.AspNetCore.Http.Metadata;
using Microsoft.AspNetCore.Mvc.ApiExplorer;
using Microsoft.AspNetCore.Mvc.ModelBinding;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace Joy.Web.Infrastructure;

/// <summary>
/// The request body of a Wolverine.Http endpoint that reads its body itself (a JSON merge patch, every problem listed)
/// and declares it with <c>[Consumes(typeof(T), ...)]</c>: Wolverine describes a body only when it binds one, where a
/// minimal API's <c>.Accepts&lt;T&gt;(...)</c> described it too; this adds it, so the OpenAPI requestBody stays the same.
/// </summary>
internal sealed class DeclaredRequestBodies : IApiDescriptionProvider
{
    private static readonly EmptyModelMetadataProvider Metadata = new();

    /// <summary>After Wolverine's (-2000), which describes its endpoints in <see cref="OnProvidersExecuting"/>.</summary>
    public int Order => 0;

    public void OnProvidersExecuting(ApiDescriptionProviderContext context)
    {
    }

    public void OnProvidersExecuted(ApiDescriptionProviderContext context)
    {
        foreach (var description in context.Results)
        {
            if (description.ParameterDescriptions.Any(p => p.Source == BindingSource.Body || p.Source == BindingSource.Form || p.Source == BindingSource.FormFile)
                || description.ActionDescriptor.EndpointMetadata?.OfType<IAcceptsMetadata>().LastOrDefault(a => a.RequestType is not null) is not { } accepts)
            {
                continue;
            }

            description.ParameterDescriptions.Add(new ApiParameterDescription
            {
                Name = "body",
                ModelMetadata = Metadata.GetMetadataForType(accepts.RequestType!),
                Source = BindingSource.Body,
                Type = accepts.RequestType!,
                IsRequired = !accepts.IsOptional,
            });
            foreach (var contentType in accepts.ContentTypes)
            {
                description.SupportedRequestFormats.Add(new ApiRequestFormat { MediaType = contentType });
            }
        }
    }
}

public static class DeclaredRequestBodiesExtensions
{
    /// <summary>Describes the bodies Wolverine.Http endpoints read themselves (see <see cref="DeclaredRequestBodies"/>).</summary>
    public static IServiceCollection AddDeclaredRequestBodies(this IServiceCollection services)
    {
        services.TryAddEnumerable(ServiceDescriptor.Transient<IApiDescriptionProvider, DeclaredRequestBodies>());
        return services;
    }
}
