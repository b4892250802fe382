using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace Joy.Application.Security;

public static class SecurityServiceCollectionExtensions
{
    /// <summary>API keys (<c>api_keys</c>, declared with Joy's tables) and the first start's admin key. Register after the store.</summary>
    public static IServiceCollection AddJoyApiKeys(this IServiceCollection services)
    {
        services.AddOptions<ApiKeyOptions>().BindConfiguration(ApiKeyOptions.Section).ValidateOnStart();
        services.TryAddSingleton(TimeProvider.System);
        services.TryAddSingleton<ApiKeys>();
        services.AddHostedService<ApiKeyBootstrap>();
        return services;
    }
}
