using Joy.Application.EventStore;
using Joy.Domain.Definitions;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace Joy.Application.Definitions;

public static class DefinitionServiceCollectionExtensions
{
    /// <summary>
    /// Actor and state machine definitions: their event types, the inline projection
    /// (<c>actors</c>, <c>state_machines</c> and their versions; tables from
    /// <see cref="DefinitionTables"/>), <see cref="DefinitionService"/> and
    /// <see cref="IDefinitionReader"/>. Adds the event store unless the host already has.
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
        services.TryAddSingleton<IDefinitionReader, PostgresDefinitionReader>();
        return services;
    }
}
