using Joy.Application.EventStore;
using Joy.Application.Instances;
using Joy.Application.Instances.Reactors;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace Joy.Tests.Reactors;

/// <summary>
/// One service process as far as the reactors go: the event store, the real instance command
/// handler and AddJoyReactors (no run dispatcher), in a generic host over a test database. Disposing it is the
/// process going away; a second one on the same database is another process (or the restart).
/// Every command goes through <see cref="Commands"/>, which records them on the way to the real handler.
/// </summary>
public sealed class ReactorHost : IAsyncDisposable
{
    private readonly IHost _host;

    private ReactorHost(IHost host) => _host = host;

    public IServiceProvider Services => _host.Services;

    public RecordingHandler Commands => Services.GetRequiredService<RecordingHandler>();

    public IEventStore Store => Services.GetRequiredService<IEventStore>();

    /// <summary>Fast settings for tests; <paramref name="settings"/> override them.</summary>
    public static IHost Build(string connectionString, IDictionary<string, string?>? settings = null, Action<IServiceCollection>? configure = null)
    {
        var builder = new HostApplicationBuilder(new HostApplicationBuilderSettings { DisableDefaults = true });
        builder.Configuration.AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["ConnectionStrings:Joy"] = connectionString,
            ["Joy:Callbacks:InitialDelay"] = "00:00:00.100",
            ["Joy:Callbacks:Timeout"] = "00:00:03",
        });
        if (settings is not null)
        {
            builder.Configuration.AddInMemoryCollection(settings);
        }

        builder.Logging.SetMinimumLevel(LogLevel.Warning);
        // The store and the real command handler without the run dispatcher: runs here are driven by the tests.
        builder.Services.AddJoyEventStore(builder.Configuration);
        builder.Services.AddJoyEventTypes(InstanceEventTypes.Register);
        builder.Services.AddJoyReactors(builder.Configuration);
        builder.Services.AddJoyInstanceDecisions();
        builder.Services.AddSingleton(provider => new RecordingHandler(ActivatorUtilities.CreateInstance<InstanceCommandHandler>(provider)));
        builder.Services.AddSingleton<IInstanceCommandHandler>(provider => provider.GetRequiredService<RecordingHandler>());
        configure?.Invoke(builder.Services);
        return builder.Build();
    }

    public static async Task<ReactorHost> StartAsync(string connectionString, IDictionary<string, string?>? settings = null,
        Action<IServiceCollection>? configure = null)
    {
        var host = Build(connectionString, settings, configure);
        await host.StartAsync();
        return new ReactorHost(host);
    }

    public async ValueTask DisposeAsync()
    {
        try
        {
            await _host.StopAsync(TimeSpan.FromSeconds(10));
        }
        finally
        {
            _host.Dispose();
        }
    }
}
