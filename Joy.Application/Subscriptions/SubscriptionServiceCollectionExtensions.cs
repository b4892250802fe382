using Joy.Application.Projections;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Hosting;

namespace Joy.Application.Subscriptions;

public static class SubscriptionServiceCollectionExtensions
{
    /// <summary>The subscription host and its services; part of AddJoyEventStore.</summary>
    public static IServiceCollection AddJoySubscriptionHost(this IServiceCollection services, IConfiguration configuration)
    {
        services.TryAddSingleton(_ =>
        {
            var options = new SubscriptionOptions();
            configuration.GetSection(SubscriptionOptions.Section).Bind(options);
            return options;
        });
        services.TryAddSingleton<SubscriptionCheckpoints>();
        services.TryAddSingleton<ProjectionRebuilder>();
        services.TryAddSingleton<SubscriptionHost>();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IHostedService, SubscriptionHost>(
            provider => provider.GetRequiredService<SubscriptionHost>()));
        return services;
    }

    /// <summary>Runs <typeparamref name="THandler"/> as a durable subscription (at least once).</summary>
    public static IServiceCollection AddJoySubscription<THandler>(this IServiceCollection services)
        where THandler : class, ISubscriptionHandler
    {
        services.TryAddSingleton<THandler>();
        services.AddSingleton(provider =>
        {
            var handler = provider.GetRequiredService<THandler>();
            return new SubscriptionRegistration(handler.Name, p =>
                new HandlerBatchProcessor(handler, p.GetRequiredService<SubscriptionCheckpoints>()));
        });
        return services;
    }

    /// <summary>Runs <typeparamref name="TProjection"/> as an async projection (its batch and checkpoint commit together).</summary>
    public static IServiceCollection AddJoyProjection<TProjection>(this IServiceCollection services)
        where TProjection : class, IAsyncProjection
    {
        services.TryAddSingleton<TProjection>();
        services.AddSingleton<IAsyncProjection>(provider => provider.GetRequiredService<TProjection>());
        services.AddSingleton(provider =>
        {
            var projection = provider.GetRequiredService<TProjection>();
            return new SubscriptionRegistration(projection.Name, p => ProjectionBatchProcessor.Create(p, projection));
        });
        return services;
    }
}
