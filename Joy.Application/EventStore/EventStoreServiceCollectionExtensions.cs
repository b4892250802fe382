using Joy.Application.Projections;
using Marten;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Npgsql;
using Wolverine.Marten.Publishing;
using Wolverine.Runtime;

namespace Joy.Application.EventStore;

public static class EventStoreServiceCollectionExtensions
{
    /// <summary>
    /// The event store: one singleton <see cref="NpgsqlDataSource"/> on <c>ConnectionStrings:Joy</c>
    /// (missing = the host fails at startup),
    /// Marten (<see cref="MartenSetup"/>) with its async daemon, the <see cref="EventTypeMap"/> and
    /// <see cref="IEventStore"/>. Options: <c>Joy:EventStore</c> (<see cref="EventStoreOptions"/>).
    /// </summary>
    public static IServiceCollection AddJoyEventStore(this IServiceCollection services, IConfiguration configuration)
    {
        if (services.Any(d => d.ServiceType == typeof(MartenEventStore)))
        {
            return services;
        }

        // Read lazily: test hosts add configuration after Program.cs has called this.
        services.TryAddSingleton(_ =>
        {
            var options = new EventStoreOptions();
            configuration.GetSection(EventStoreOptions.Section).Bind(options);
            options.Validate();
            return options;
        });
        services.TryAddSingleton(provider => BuildDataSource(configuration, provider.GetRequiredService<EventStoreOptions>()));
        services.TryAddSingleton(provider => BuildTypeMap(provider.GetServices<EventTypeRegistration>()));
        services.TryAddSingleton<MartenEventLog>();
        services.TryAddSingleton(provider => new AppendWakeup(provider.GetRequiredService<EventStoreOptions>().Daemon.FastPolling));
        services.TryAddSingleton(provider => new Lazy<IDocumentStore>(provider.GetRequiredService<IDocumentStore>));
        services.TryAddSingleton(provider => new Lazy<OutboxedSessionFactory>(provider.GetRequiredService<OutboxedSessionFactory>));
        services.TryAddSingleton(provider => new Lazy<IWolverineRuntime>(provider.GetRequiredService<IWolverineRuntime>));
        services.TryAddSingleton<MartenEventStore>();
        services.TryAddSingleton<IEventStore>(provider => provider.GetRequiredService<MartenEventStore>());
        services.TryAddSingleton<ProjectionRebuilder>();

        MartenSetup.AddMarten(services, configuration);
        return services;
    }

    /// <summary>Adds event types to the <see cref="EventTypeMap"/> (and so to Marten); call once per feature.</summary>
    public static IServiceCollection AddJoyEventTypes(this IServiceCollection services, Action<EventTypeMap> register)
    {
        services.AddSingleton(new EventTypeRegistration(register));
        return services;
    }

    /// <summary>Adds a projection Marten runs in every append's transaction.</summary>
    public static IServiceCollection AddJoyInlineProjection<TProjection>(this IServiceCollection services)
        where TProjection : class, IInlineProjection
    {
        services.TryAddSingleton<TProjection>();
        services.AddSingleton<IInlineProjection>(provider => provider.GetRequiredService<TProjection>());
        return services;
    }

    /// <summary>Adds a projection Marten's async daemon keeps (its batch and progress commit together).</summary>
    public static IServiceCollection AddJoyProjection<TProjection>(this IServiceCollection services)
        where TProjection : class, IAsyncProjection
    {
        services.TryAddSingleton<TProjection>();
        services.AddSingleton<IAsyncProjection>(provider => provider.GetRequiredService<TProjection>());
        return services;
    }

    private static NpgsqlDataSource BuildDataSource(IConfiguration configuration, EventStoreOptions options)
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

        // A session left idle inside a transaction holds its locks and, worse, keeps the daemon's
        // high-water mark from passing the sequence numbers it took: end it instead of waiting forever.
        builder.ConnectionStringBuilder.Options = string.Join(' ', new[]
        {
            builder.ConnectionStringBuilder.Options,
            $"-c idle_in_transaction_session_timeout={(long)options.IdleInTransactionTimeout.TotalMilliseconds}",
        }.Where(o => !string.IsNullOrWhiteSpace(o)));
        return builder.Build();
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
