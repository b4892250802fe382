using JasperFx.Events.Projections;
using Joy.Application.EventStore;
using Joy.Application.Messaging;
using Joy.Domain.Definitions;
using Marten;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Logging;

namespace Joy.Application.Definitions;

public static class DefinitionServiceCollectionExtensions
{
    /// <summary>
    /// Actor and state machine definitions: their event types, the inline projection
    /// (<c>actors</c>, <c>state_machines</c> and their versions; tables from
    /// <see cref="DefinitionTables"/>), <see cref="DefinitionService"/> with the Wolverine handlers it invokes
    /// (<see cref="DefinitionDecisions"/>) and <see cref="IDefinitionReader"/>. Adds the event store unless the host already has.
    /// </summary>
    public static IServiceCollection AddJoyDefinitions(this IServiceCollection services, IConfiguration configuration)
    {
        if (!services.Any(d => d.ServiceType == typeof(IEventStore)))
        {
            services.AddJoyEventStore(configuration);
        }

        services.AddJoyEventTypes(map => map
            .Register<ActorDefined>().Register<ActorChanged>().Register<ActorDeleted>()
            .Register<StateMachineDefined>().Register<StateMachineChanged>().Register<StateMachineDeleted>());
        services.AddJoyInlineProjection<DefinitionProjection>();
        services.AddJoyInlineProjection<DefinitionGuard>();
        services.TryAddSingleton(TimeProvider.System);
        services.TryAddSingleton<DefinitionQueries>();
        services.TryAddSingleton<DefinitionService>();
        services.AddJoyHandler(typeof(DefinitionDecisions));
        services.ConfigureMarten(marten =>
        {
            marten.Projections.Add(new ActorAggregate(), ProjectionLifecycle.Live);
            marten.Projections.Add(new StateMachineAggregate(), ProjectionLifecycle.Live);
        });
        // Wolverine logs every failed attempt of an inline invocation as an error; a conflict that is decided
        // again is routine, and a refusal reaches the caller as the exception.
        services.AddLogging(logging => logging
            .AddFilter(typeof(DecideActor).FullName, LogLevel.None)
            .AddFilter(typeof(DecideStateMachine).FullName, LogLevel.None));
        services.TryAddSingleton<IDefinitionReader, PostgresDefinitionReader>();
        return services;
    }
}
