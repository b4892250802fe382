using JasperFx.Events.Projections;
using Joy.Application.EventStore;
using Marten;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Hosting;
using Joy.Application.Execution;
using Joy.Application.Messaging;
using Microsoft.Extensions.Logging;

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
        services.AddJoyInstanceDecisions();
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

    /// <summary>
    /// <see cref="IInstanceCommandHandler"/> and the Wolverine handler it invokes
    /// (<see cref="InstanceDecisions"/>). Needs AddJoyEventStore first.
    /// </summary>
    public static IServiceCollection AddJoyInstanceDecisions(this IServiceCollection services)
    {
        services.TryAddSingleton(TimeProvider.System);
        services.TryAddSingleton<IInstanceCommandHandler, InstanceCommandHandler>();
        services.AddJoyHandler(typeof(InstanceDecisions));
        services.ConfigureMarten(marten => marten.Projections.Add(new InstanceAggregate(), ProjectionLifecycle.Live));
        // Wolverine logs every failed attempt of an inline invocation as an error; a conflict that is
        // decided again is routine, and one that is not reaches the caller as the exception.
        services.AddLogging(logging => logging.AddFilter(typeof(DecideInstance).FullName, LogLevel.None));
        return services;
    }

    private sealed class NoDispatcher : IHostedService
    {
        public Task StartAsync(CancellationToken cancellationToken) => Task.CompletedTask;

        public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
    }
}
