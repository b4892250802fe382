using Joy.Application.EventStore;
using Joy.Application.Subscriptions;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Hosting;

namespace Joy.Application.Instances.Reactors;

public static class ReactorServiceCollectionExtensions
{
    /// <summary>
    /// Durable timers (<c>Joy:Timers</c>), callbacks (<c>Joy:Callbacks</c>) and killing cancelled
    /// runs. Needs <see cref="IInstanceCommandHandler"/> and <see cref="Execution.IActorRunner"/>
    /// from their own extensions, and AddJoyEventStore.
    /// </summary>
    public static IServiceCollection AddJoyReactors(this IServiceCollection services, IConfiguration configuration)
    {
        services.TryAddSingleton(TimeProvider.System);
        services.TryAddSingleton(_ => configuration.GetSection(TimerOptions.Section).Get<TimerOptions>() ?? new TimerOptions());
        services.TryAddSingleton(_ =>
        {
            var options = configuration.GetSection(CallbackOptions.Section).Get<CallbackOptions>() ?? new CallbackOptions();
            options.Validate();
            return options;
        });
        services.AddJoyEventTypes(InstanceEventTypes.Register); // harmless when AddJoyInstances did it too

        services.AddJoyInlineProjection<TimerProjection>();
        services.TryAddSingleton<TimerService>();
        services.AddHostedService(provider => provider.GetRequiredService<TimerService>());

        services.TryAddSingleton(provider => new CallbackSender(provider.GetRequiredService<CallbackOptions>()));
        services.TryAddSingleton<CallbackService>();
        services.AddHostedService(provider => provider.GetRequiredService<CallbackService>());
        services.AddJoySubscription<CallbackOutbox>();

        services.AddJoySubscription<RunKiller>();
        return services;
    }
}
