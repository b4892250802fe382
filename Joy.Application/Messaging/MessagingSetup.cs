using JasperFx.CodeGeneration;
using Marten;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Npgsql;
using Wolverine;
using Wolverine.ErrorHandling;
using Wolverine.Marten;

namespace Joy.Application.Messaging;

/// <summary>
/// Wolverine as Joy's messaging, on Marten's PostgreSQL (<c>IntegrateWithWolverine</c>): durable
/// local queues, so a message is a row written in the transaction that caused it and survives any
/// crash after; scheduled messages for every timer; error policies instead of retry loops. Handlers
/// are included by type by the feature that owns them (no assembly scanning), and events reach
/// them by <see cref="AddJoyEventForwarding"/>: chosen events, turned into messages, stored in the
/// append's own transaction.
/// </summary>
public static class MessagingSetup
{
    /// <summary>Wolverine with Joy's settings (<c>Joy:Messaging</c>, <see cref="MessagingOptions"/>), integrated with Marten.</summary>
    public static void AddWolverine(IServiceCollection services, MartenServiceCollectionExtensions.MartenConfigurationExpression marten,
        IConfiguration configuration)
    {
        services.TryAddSingleton(_ => Bind(configuration));
        services.TryAddSingleton<DeadLetters>();
        marten.IntegrateWithWolverine(integration =>
        {
            integration.UseFastEventForwarding = true;
            // Every async projection is an agent the leader assigns: each runs in exactly one process,
            // spread over the live ones, and moves when its process dies (Marten's own hot/cold
            // daemon would run them all in one process).
            integration.UseWolverineManagedEventSubscriptionDistribution = true;
        });
        services.AddWolverine(ExtensionDiscovery.ManualOnly, options =>
        {
            options.ServiceName = "joy";
            options.ApplicationAssembly = typeof(MessagingSetup).Assembly;
            options.Discovery.DisableConventionalDiscovery();
            // Release loads the handler code generated ahead of time (Internal/Generated, rewritten by
            // scripts/codegen.sh; a test fails when it is stale): no Roslyn at startup, so a fresh process
            // handles its first message in milliseconds, not seconds. Debug compiles it at runtime.
            options.UseRuntimeCompilation();
#if DEBUG
            options.CodeGeneration.TypeLoadMode = TypeLoadMode.Dynamic;
#else
            options.CodeGeneration.TypeLoadMode = TypeLoadMode.Static;
#endif
            options.Policies.UseDurableLocalQueues();

            // A database that is briefly away: try again soon, then later, then leave the message
            // in the dead letters (GET /api/v1/admin/dead-letters) rather than lose it.
            options.Policies.OnException<NpgsqlException>()
                .RetryWithCooldown(TimeSpan.FromMilliseconds(50), TimeSpan.FromMilliseconds(250), TimeSpan.FromSeconds(1))
                .Then.ScheduleRetry(TimeSpan.FromSeconds(5), TimeSpan.FromSeconds(30), TimeSpan.FromMinutes(2));

            // Read when the host starts: test hosts add their settings after this is called.
            options.ConfigureLazily(lazily =>
            {
                var timings = Bind(configuration);
                lazily.Durability.ScheduledJobPollingTime = timings.ScheduledPolling;
                lazily.Durability.ScheduledJobFirstExecution = TimeSpan.Zero;
                lazily.Durability.HealthCheckPollingTime = timings.HealthCheckPolling;
                lazily.Durability.FirstHealthCheckExecution = TimeSpan.Zero;
                lazily.Durability.StaleNodeTimeout = timings.StaleNodeTimeout;
                lazily.Durability.NodeReassignmentPollingTime = timings.NodeReassignmentPolling;
                lazily.Durability.FirstNodeReassignmentExecution = TimeSpan.Zero;
                lazily.Durability.CheckAssignmentPeriod = timings.NodeReassignmentPolling;
            });
        });
    }

    /// <summary>
    /// Forwards chosen events as messages, in the append's transaction: <paramref name="forward"/>
    /// calls <c>SubscribeToEvent&lt;T&gt;().TransformedTo(...)</c> on Marten's Wolverine integration.
    /// Needs AddJoyEventStore first.
    /// </summary>
    public static IServiceCollection AddJoyEventForwarding(this IServiceCollection services, Action<MartenIntegration> forward)
    {
        var integration = services.Select(d => d.ImplementationInstance).OfType<MartenIntegration>().FirstOrDefault()
            ?? throw new InvalidOperationException("AddJoyEventStore must come before AddJoyEventForwarding.");
        forward(integration);
        return services;
    }

    /// <summary>Includes a feature's handler class (Joy lists its handlers; nothing is found by scanning).</summary>
    public static IServiceCollection AddJoyHandler<THandler>(this IServiceCollection services) =>
        services.AddJoyHandler(typeof(THandler));

    /// <summary>The same, for a static handler class.</summary>
    public static IServiceCollection AddJoyHandler(this IServiceCollection services, Type handler) =>
        services.ConfigureWolverine(options => options.Discovery.IncludeType(handler));

    private static MessagingOptions Bind(IConfiguration configuration)
    {
        var options = new MessagingOptions();
        configuration.GetSection(MessagingOptions.Section).Bind(options);
        options.Validate();
        return options;
    }
}
