using Joy.Application.EventStore;
using Joy.Application.Subscriptions;
using Joy.Domain.Instances;
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
        services.AddJoyEventTypes(RegisterInstanceEvents);

        services.AddJoyInlineProjection<TimerProjection>();
        services.TryAddSingleton<TimerService>();
        services.AddHostedService(provider => provider.GetRequiredService<TimerService>());

        services.TryAddSingleton<CallbackSender>();
        services.TryAddSingleton<CallbackService>();
        services.AddHostedService(provider => provider.GetRequiredService<CallbackService>());
        services.AddJoySubscription<CallbackOutbox>();

        services.AddJoySubscription<RunKiller>();
        return services;
    }

    /// <summary>The instance events these reactors read (registering a type twice is harmless).</summary>
    private static void RegisterInstanceEvents(EventTypeMap map) => map
        .Register<InstanceStarted>().Register<StateEntered>().Register<BranchesPlanned>().Register<BranchStarted>()
        .Register<BranchSucceeded>().Register<BranchFailed>().Register<ActorRunRequested>().Register<ActorRunStarted>()
        .Register<ActorRunSucceeded>().Register<ActorRunFailed>().Register<ActorRunCancelled>().Register<RetryScheduled>()
        .Register<WaitStarted>().Register<TimerFired>().Register<StateExited>().Register<StateFailed>()
        .Register<InstanceSucceeded>().Register<InstanceFailed>().Register<InstanceCancelled>().Register<RerunRequested>()
        .Register<CallbackDelivered>().Register<CallbackFailed>();
}
