using JasperFx.Events.Projections;
using Joy.Application.EventStore;
using Joy.Application.Instances;
using Joy.Application.Queries.Feed;
using Joy.Application.Queries.Instances;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Hosting;

namespace Joy.Application.Queries;

public static class QueryServiceCollectionExtensions
{
    /// <summary>
    /// The query side: the feed reader and its shared LISTEN connection, the instance-summaries
    /// projection, list/statistics/node queries and projection admin. Options: <c>Joy:Feed</c>.
    /// </summary>
    public static IServiceCollection AddJoyQueries(this IServiceCollection services, IConfiguration configuration)
    {
        if (!services.Any(d => d.ServiceType == typeof(IEventStore)))
        {
            services.AddJoyEventStore(configuration);
        }

        services.AddJoyEventTypes(InstanceEventTypes.Register); // registering a type twice is harmless
        services.TryAddSingleton(TimeProvider.System);
        services.AddOptions<EventFeedOptions>().Bind(configuration.GetSection(EventFeedOptions.Section));
        services.TryAddSingleton<EventFeedReader>();
        services.TryAddSingleton<EventFeedFollower>();
        services.TryAddSingleton<HighWaterSignal>();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IHostedService, HighWaterSignal>(
            provider => provider.GetRequiredService<HighWaterSignal>()));
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IObserver<ShardState>, HighWaterSignal>(
            provider => provider.GetRequiredService<HighWaterSignal>()));
        services.AddJoyProjection<InstanceSummaryProjection>();
        services.TryAddSingleton<InstanceListQueries>();
        services.TryAddSingleton<StatisticsQueries>();
        services.TryAddSingleton<RunSeriesQueries>();
        services.TryAddSingleton<NodeWorkQueries>();
        services.TryAddSingleton<ProjectionAdmin>();
        return services;
    }
}
