using Joy.Application.EventStore;
using Joy.Application.Subscriptions;
using Joy.Tests.Infrastructure;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Npgsql;

namespace Joy.Tests.Store;

/// <summary>
/// A fresh database with the Joy schema migrated, wired through <c>AddJoyEventStore</c> exactly
/// as the service wires it. One per test class.
/// </summary>
public sealed class StoreFixture : IAsyncLifetime
{
    private readonly TestDatabase _database = new();
    private ServiceProvider? _services;

    public IServiceProvider Services => _services ?? throw new InvalidOperationException("Not initialised.");
    public NpgsqlDataSource DataSource => Services.GetRequiredService<NpgsqlDataSource>();
    public PostgresEventStore Store => Services.GetRequiredService<PostgresEventStore>();
    public EventStoreOptions Options => Services.GetRequiredService<EventStoreOptions>();
    public SubscriptionCheckpoints Checkpoints => Services.GetRequiredService<SubscriptionCheckpoints>();
    public string ConnectionString => _database.ConnectionString;

    public async Task InitializeAsync()
    {
        await _database.InitializeAsync();
        var configuration = new ConfigurationBuilder()
            .AddInMemoryCollection(new Dictionary<string, string?>
            {
                ["ConnectionStrings:Joy"] = _database.ConnectionString,
                ["Joy:Subscriptions:LockRetryInterval"] = "00:00:00.100",
                ["Joy:Subscriptions:FailureBackoff"] = "00:00:00.100",
                // Effectively off: deliveries in these tests must come from NOTIFY or the held-back re-check.
                ["Joy:Subscriptions:PollInterval"] = "01:00:00",
            })
            .Build();
        var services = new ServiceCollection()
            .AddLogging(logging => logging.SetMinimumLevel(LogLevel.Warning))
            .AddJoyEventStore(configuration)
            .AddJoyEventTypes(map => TestEvents.Register(map));
        _services = services.BuildServiceProvider();
        await Services.GetRequiredService<SchemaMigrator>().MigrateAsync();
    }

    /// <summary>A store over the same database with these inline projections.</summary>
    public PostgresEventStore StoreWith(params IInlineProjection[] projections) =>
        new(DataSource, Services.GetRequiredService<EventTypeMap>(), Options, projections);

    public SubscriptionRunner Runner(IBatchProcessor processor, int? batchSize = null)
    {
        var options = Services.GetRequiredService<SubscriptionOptions>();
        return SubscriptionHost.CreateRunner(Services, processor, batchSize is null ? options : new SubscriptionOptions
        {
            BatchSize = batchSize.Value,
            PollInterval = options.PollInterval,
            LockRetryInterval = options.LockRetryInterval,
            FailureBackoff = options.FailureBackoff,
        });
    }

    public SubscriptionRunner Runner(ISubscriptionHandler handler, int? batchSize = null) =>
        Runner(new HandlerBatchProcessor(handler, Checkpoints), batchSize);

    public async Task WaitForCheckpointAsync(string name, GlobalPosition target, TimeSpan? timeout = null)
    {
        await Eventually.TrueAsync(async () => await Checkpoints.LoadAsync(name) >= target, timeout,
            $"subscription {name} to reach {target}");
    }

    public async Task DisposeAsync()
    {
        if (_services is not null)
        {
            await _services.DisposeAsync();
        }

        await _database.DisposeAsync();
    }
}
