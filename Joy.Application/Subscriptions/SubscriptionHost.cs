using Joy.Application.EventStore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Npgsql;

namespace Joy.Application.Subscriptions;

/// <summary>A subscription the host runs: a name and how to build its batch processor.</summary>
public sealed record SubscriptionRegistration(string Name, Func<IServiceProvider, IBatchProcessor> CreateProcessor);

/// <summary>
/// Runs every registered subscription and async projection in this process. Each one is consumed
/// by one process at a time across all processes (see <see cref="SubscriptionRunner"/>).
/// </summary>
public sealed class SubscriptionHost(IServiceProvider services, IEnumerable<SubscriptionRegistration> registrations) : BackgroundService
{
    private readonly List<SubscriptionRunner> _runners = [];

    public IReadOnlyList<SubscriptionRunner> Runners => _runners;

    protected override Task ExecuteAsync(CancellationToken stoppingToken)
    {
        foreach (var registration in registrations)
        {
            _runners.Add(CreateRunner(services, registration.CreateProcessor(services)));
        }

        return Task.WhenAll(_runners.Select(runner => runner.RunAsync(stoppingToken)));
    }

    /// <summary>A runner wired from the container (also used by tests and tools to run one by hand).</summary>
    public static SubscriptionRunner CreateRunner(IServiceProvider services, IBatchProcessor processor, SubscriptionOptions? options = null) => new(
        processor,
        services.GetRequiredService<NpgsqlDataSource>(),
        services.GetRequiredService<PostgresEventStore>(),
        services.GetRequiredService<SubscriptionCheckpoints>(),
        services.GetRequiredService<EventStoreOptions>(),
        options ?? services.GetRequiredService<SubscriptionOptions>(),
        services.GetRequiredService<ILogger<SubscriptionRunner>>());
}
