using Joy.Application.EventStore;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Hosting;
using Joy.Application.Execution;

namespace Joy.Application.Instances;

public static class InstanceServiceCollectionExtensions
{
    /// <summary>
    /// Instances: the event store, the instance event types, <see cref="IInstanceCommandHandler"/>, the inline
    /// projections (the instances read model, the run queue) and the <see cref="RunDispatcher"/> (<c>Joy:Dispatcher</c>), which
    /// needs an <see cref="Execution.IActorRunner"/> and <see cref="Execution.INodeDirectory"/> (AddJoyExecutor).
    /// </summary>
    public static IServiceCollection AddJoyInstances(this IServiceCollection services, IConfiguration configuration)
    {
        if (!services.Any(d => d.ServiceType == typeof(IEventStore)))
        {
            services.AddJoyEventStore(configuration);
        }

        services.AddJoyEventTypes(InstanceEventTypes.Register);
        services.TryAddSingleton(TimeProvider.System);
        services.TryAddSingleton<IInstanceCommandHandler, InstanceCommandHandler>();
        services.AddJoyInlineProjection<InstanceProjection>();
        services.AddJoyInlineProjection<RunQueueProjection>();
        services.TryAddSingleton<InstanceQueries>();
        services.TryAddSingleton<InstanceService>();
        services.TryAddSingleton(_ =>
        {
            var options = new DispatcherOptions();
            configuration.GetSection(DispatcherOptions.Section).Bind(options);
            return options;
        });
        services.TryAddSingleton<RunDispatcher>();
        // A host without an executor (e.g. a test host of reactors alone) serves instances but runs no actors.
        services.AddSingleton<IHostedService>(provider =>
            provider.GetService<INodeDirectory>() is null || provider.GetService<IActorRunner>() is null
                ? new NoDispatcher()
                : provider.GetRequiredService<RunDispatcher>());
        return services;
    }

    private sealed class NoDispatcher : IHostedService
    {
        public Task StartAsync(CancellationToken cancellationToken) => Task.CompletedTask;

        public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
    }
}
