using Joy.Application.EventStore;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace Joy.Application.Instances;

public static class InstanceServiceCollectionExtensions
{
    /// <summary>
    /// Instances: the event store, the instance event types and <see cref="IInstanceCommandHandler"/>.
    /// </summary>
    public static IServiceCollection AddJoyInstances(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddJoyEventStore(configuration);
        services.AddJoyEventTypes(InstanceEventTypes.Register);
        services.TryAddSingleton(TimeProvider.System);
        services.TryAddSingleton<IInstanceCommandHandler, InstanceCommandHandler>();
        services.AddJoyInlineProjection<InstanceProjection>();
        return services;
    }
}
