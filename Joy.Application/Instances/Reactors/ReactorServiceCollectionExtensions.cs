using Joy.Application.EventStore;
using Joy.Application.Messaging;
using Joy.Domain.Instances;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Wolverine;

namespace Joy.Application.Instances.Reactors;

public static class ReactorServiceCollectionExtensions
{
    /// <summary>
    /// What follows from an instance's events, as Wolverine handlers of events forwarded in the
    /// append's transaction: timers as scheduled messages, callbacks (<c>Joy:Callbacks</c>) with
    /// retries and dead letters, and killing cancelled runs. Needs <see cref="IInstanceCommandHandler"/>
    /// and <see cref="Execution.IActorRunner"/> from their own extensions.
    /// </summary>
    public static IServiceCollection AddJoyReactors(this IServiceCollection services, IConfiguration configuration)
    {
        if (services.Any(d => d.ServiceType == typeof(CallbackRetries)))
        {
            return services; // forwarding twice would send every message twice
        }

        services.AddJoyEventStore(configuration);
        services.TryAddSingleton(TimeProvider.System);
        services.TryAddSingleton(_ => BindCallbackOptions(configuration));
        services.AddJoyEventTypes(InstanceEventTypes.Register); // harmless when AddJoyInstances did it too
        services.TryAddSingleton(provider => new CallbackSender(provider.GetRequiredService<CallbackOptions>()));

        var retries = new CallbackRetries(() => BindCallbackOptions(configuration));
        services.AddSingleton(retries);
        services.ConfigureWolverine(options => options.Policies.Add(retries));
        services.AddJoyHandler<TimerHandler>().AddJoyHandler<CallbackHandler>().AddJoyHandler<RunKillHandler>();

        return services.AddJoyEventForwarding(forward =>
        {
            static string Of(string? streamKey) => InstanceStreamIds.InstanceIdOf(streamKey!);
            forward.SubscribeToEvent<WaitStarted>().TransformedTo(e => new TimerSet(Of(e.StreamKey), e.Data.TimerId, e.Data.DueAt));
            forward.SubscribeToEvent<RetryScheduled>().TransformedTo(e => new TimerSet(Of(e.StreamKey), e.Data.TimerId, e.Data.DueAt));
            forward.SubscribeToEvent<ExecutionTimeoutScheduled>().TransformedTo(e => new TimerSet(Of(e.StreamKey), e.Data.TimerId, e.Data.DueAt));
            forward.SubscribeToEvent<InstanceSucceeded>().TransformedTo(e => new CallbackDue(Of(e.StreamKey), e.Id, e.Version));
            forward.SubscribeToEvent<InstanceFailed>().TransformedTo(e => new CallbackDue(Of(e.StreamKey), e.Id, e.Version));
            forward.SubscribeToEvent<InstanceCancelled>().TransformedTo(e => new CallbackDue(Of(e.StreamKey), e.Id, e.Version));
            forward.SubscribeToEvent<InstanceCancelled>().TransformedTo(e => new RunsCancelled(Of(e.StreamKey), e.Data.KilledRunIds));
            forward.SubscribeToEvent<ActorRunCancelled>().TransformedTo(e => new RunsCancelled(Of(e.StreamKey), [e.Data.RunId]));
        });
    }

    private static CallbackOptions BindCallbackOptions(IConfiguration configuration)
    {
        var options = configuration.GetSection(CallbackOptions.Section).Get<CallbackOptions>() ?? new CallbackOptions();
        options.Validate();
        return options;
    }
}
