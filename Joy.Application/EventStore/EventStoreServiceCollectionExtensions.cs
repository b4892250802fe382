using Joy.Application.Subscriptions;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Npgsql;

namespace Joy.Application.EventStore;

public static class EventStoreServiceCollectionExtensions
{
    /// <summary>
    /// The event store: one singleton <see cref="NpgsqlDataSource"/> on <c>ConnectionStrings:Joy</c>
    /// (missing = the host fails at startup), the schema migrated before anything else starts, the
    /// <see cref="EventTypeMap"/>, <see cref="IEventStore"/> and the host of registered subscriptions.
    /// Options: <c>Joy:EventStore</c> (<see cref="EventStoreOptions"/>).
    /// </summary>
    public static IServiceCollection AddJoyEventStore(this IServiceCollection services, IConfiguration configuration)
    {
        // Read lazily: test hosts add configuration after Program.cs has called this.
        services.TryAddSingleton(_ =>
        {
            var options = new EventStoreOptions();
            configuration.GetSection(EventStoreOptions.Section).Bind(options);
            options.Validate();
            return options;
        });
        services.TryAddSingleton(_ =>
        {
            var connectionString = configuration.GetConnectionString("Joy");
            if (string.IsNullOrWhiteSpace(connectionString))
            {
                throw new InvalidOperationException(
                    "ConnectionStrings:Joy is not set. Point JOY_CONFIG at the environment's joy.settings.json " +
                    "or set ConnectionStrings__Joy.");
            }

            var builder = new NpgsqlDataSourceBuilder(connectionString);
            if (builder.ConnectionStringBuilder.MaxAutoPrepare == 0)
            {
                // All Joy SQL is fixed text: preparing it saves parse and plan on every call.
                builder.ConnectionStringBuilder.MaxAutoPrepare = 64;
            }

            return builder.Build();
        });
        services.TryAddSingleton(provider => BuildTypeMap(provider.GetServices<EventTypeRegistration>()));
        services.TryAddSingleton<SchemaMigrator>();
        services.TryAddSingleton<PostgresEventStore>(provider => new PostgresEventStore(
            provider.GetRequiredService<NpgsqlDataSource>(),
            provider.GetRequiredService<EventTypeMap>(),
            provider.GetRequiredService<EventStoreOptions>(),
            provider.GetServices<IInlineProjection>()));
        services.TryAddSingleton<IEventStore>(provider => provider.GetRequiredService<PostgresEventStore>());

        // Registered first so the schema exists before any other hosted service runs.
        services.Insert(0, ServiceDescriptor.Singleton<Microsoft.Extensions.Hosting.IHostedService, SchemaMigrationService>());
        services.AddJoySubscriptionHost(configuration);
        return services;
    }

    /// <summary>Adds event types to the <see cref="EventTypeMap"/>; call once per feature.</summary>
    public static IServiceCollection AddJoyEventTypes(this IServiceCollection services, Action<EventTypeMap> register)
    {
        services.AddSingleton(new EventTypeRegistration(register));
        return services;
    }

    /// <summary>Adds a projection updated in every append's transaction.</summary>
    public static IServiceCollection AddJoyInlineProjection<TProjection>(this IServiceCollection services)
        where TProjection : class, IInlineProjection
    {
        services.AddSingleton<IInlineProjection, TProjection>();
        return services;
    }

    private static EventTypeMap BuildTypeMap(IEnumerable<EventTypeRegistration> registrations)
    {
        var map = new EventTypeMap();
        foreach (var registration in registrations)
        {
            registration.Register(map);
        }

        return map;
    }
}

/// <summary>One feature's event types, applied to the <see cref="EventTypeMap"/> when it is built.</summary>
public sealed record EventTypeRegistration(Action<EventTypeMap> Register);
