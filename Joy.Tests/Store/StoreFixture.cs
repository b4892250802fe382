using Joy.Application.EventStore;
using Joy.Application.Queries;
using Joy.Tests.Infrastructure;
using Marten;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Npgsql;

namespace Joy.Tests.Store;

/// <summary>
/// A fresh database and a started host wired through <c>AddJoyEventStore</c> exactly as the
/// service wires it: Marten, its async daemon, Joy's tables. A subclass adds the projections and
/// subscriptions its tests need (Marten fixes them when the store is built). One per test class.
/// </summary>
public class StoreFixture : IAsyncLifetime
{
    private readonly TestDatabase _database = new();
    private IHost? _host;

    public IServiceProvider Services => _host?.Services ?? throw new InvalidOperationException("Not initialised.");
    public NpgsqlDataSource DataSource => Services.GetRequiredService<NpgsqlDataSource>();
    public MartenEventStore Store => Services.GetRequiredService<MartenEventStore>();
    public EventStoreOptions Options => Services.GetRequiredService<EventStoreOptions>();
    public ProjectionAdmin Admin => Services.GetRequiredService<ProjectionAdmin>();
    public string ConnectionString => _database.ConnectionString;

    protected virtual void Configure(IServiceCollection services)
    {
    }

    public async Task InitializeAsync()
    {
        await _database.InitializeAsync();
        _host = await StartHostAsync(_database.ConnectionString, Configure);
        await using var table = DataSource.CreateCommand(StreamSummaryProjection.CreateTableSql(Options.Schema));
        await table.ExecuteNonQueryAsync();
    }

    /// <summary>A started host over <paramref name="connectionString"/>, wired as the service wires the store: one "process".</summary>
    public static async Task<IHost> StartHostAsync(string connectionString, Action<IServiceCollection> configure)
    {
        var builder = Host.CreateApplicationBuilder();
        builder.Logging.SetMinimumLevel(LogLevel.Warning);
        builder.Configuration.AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["ConnectionStrings:Joy"] = connectionString,
        });
        builder.Services.AddJoyEventStore(builder.Configuration).AddJoyEventTypes(map => TestEvents.Register(map));
        // The service always has async projections; without one the daemon, and so the high-water
        // mark the global log is read up to, would not run.
        builder.Services.ConfigureMarten(options => options.Projections.Subscribe(new RecordingHandler("test-log")));
        builder.Services.AddSingleton(TimeProvider.System);
        builder.Services.AddSingleton<ProjectionAdmin>();
        configure(builder.Services);
        var host = builder.Build();
        await host.StartAsync();
        return host;
    }

    /// <summary>Waits until the async projection's progress has reached <paramref name="target"/>.</summary>
    public async Task WaitForProjectionAsync(string name, GlobalPosition target, TimeSpan? timeout = null) =>
        await Eventually.TrueAsync(async () =>
            (await Admin.ListAsync()).Single(p => p.Name == name).Checkpoint is { } checkpoint
                && GlobalPosition.TryParse(checkpoint, out var at) && at >= target,
            timeout, $"projection {name} to reach {target}");

    public async Task DisposeAsync()
    {
        if (_host is not null)
        {
            await _host.StopAsync();
            _host.Dispose();
        }

        await _database.DisposeAsync();
    }
}

/// <summary>
/// The store with the stream-summaries read model kept inline, and an inline projection that
/// refuses (throws on) the events of streams named <see cref="RefusedPrefix"/>*.
/// </summary>
public sealed class InlineSummaryFixture : StoreFixture
{
    public const string RefusedPrefix = "refused-";

    protected override void Configure(IServiceCollection services) =>
        services.AddJoyInlineProjection<StreamSummaryProjection>().AddJoyInlineProjection<RefusingProjection>();

    private sealed class RefusingProjection : IInlineProjection
    {
        public Task ApplyAsync(NpgsqlConnection connection, NpgsqlTransaction transaction, IReadOnlyList<StoredEvent> events, CancellationToken cancellationToken) =>
            events.Any(e => e.StreamId.StartsWith(RefusedPrefix, StringComparison.Ordinal))
                ? throw new InvalidOperationException("read model refused the events")
                : Task.CompletedTask;
    }
}

/// <summary>The store with the stream-summaries read model kept by the async daemon.</summary>
public sealed class AsyncSummaryFixture : StoreFixture
{
    protected override void Configure(IServiceCollection services) => services.AddJoyProjection<StreamSummaryProjection>();
}

