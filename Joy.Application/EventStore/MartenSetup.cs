using System.Text.Json.Serialization;
using JasperFx;
using JasperFx.Events;
using JasperFx.Events.Daemon;
using JasperFx.Events.Projections;
using Joy.Application.Messaging;
using Joy.Application.Projections;
using Marten;
using Marten.Events.Daemon;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Npgsql;
using Weasel.Core;

namespace Joy.Application.EventStore;

/// <summary>
/// Marten as Joy's event store. Every setting here is deliberate:
/// <list type="bullet">
/// <item>String stream ids, Joy's stable event names (<c>instance.started.v1</c>, never CLR names),
/// System.Text.Json in camelCase like the rest of Joy, and correlation, causation, user and headers
/// in Marten's metadata columns.</item>
/// <item>Quick appends with the exclusive lock on version-checked appends: a losing concurrent
/// append blocks on the stream row and fails before it takes a sequence number, so it leaves no
/// gap for the daemon to wait out. A unique index on event ids makes a retried append detectable.</item>
/// <item>The daemon's shards (one per async projection) are Wolverine agents
/// (<see cref="MessagingSetup"/>): each runs in exactly one process, spread over the live ones,
/// and moves within seconds when its process dies. The daemon skips a sequence gap only on
/// transaction evidence that nothing alive can still fill it, never by age alone while a
/// transaction lives. It polls (<see cref="DaemonTimings"/>) rather than being woken by a NOTIFY per
/// append: PostgreSQL serialises the commits of notifying transactions, which halved the
/// throughput of concurrent appends. This process's own appends end its slow wait
/// (<see cref="AppendWakeup"/>).</item>
/// </list>
/// </summary>
public static class MartenSetup
{
    public static void AddMarten(IServiceCollection services, IConfiguration configuration)
    {
        var marten = services.AddMarten(Configure)
            .UseLightweightSessions()
            .ApplyAllDatabaseChangesOnStartup();
        MessagingSetup.AddWolverine(services, marten, configuration);
        services.Replace(ServiceDescriptor.Singleton<ILogger<IDocumentStore>, ConflictQuietMartenLogger>());

        // The event store's health (GET /health): the high-water mark keeps advancing while events
        // wait above it (Joy's check: Marten's asserts nothing under Wolverine's distribution), and
        // every async shard is within MaxEventLag events of the mark, or at least moving (Marten's).
        // Their settings are read lazily, like every option.
        services.TryAddSingleton(TimeProvider.System);
        services.TryAddSingleton<StuckHighWaterCheck>();
        services.AddHealthChecks().AddCheck<StuckHighWaterCheck>("high-water").AddMartenAsyncDaemonHealthCheck();
        services.Replace(ServiceDescriptor.Singleton(provider =>
        {
            var health = provider.GetRequiredService<EventStoreOptions>().Health;
            return new AsyncDaemonHealthCheckExtensions.AsyncDaemonHealthCheckSettings(health.MaxEventLag, health.MaxSameLagTime);
        }));
    }

    private static StoreOptions Configure(IServiceProvider provider)
    {
        var options = provider.GetRequiredService<EventStoreOptions>();
        var marten = new StoreOptions();
        marten.Connection(provider.GetRequiredService<NpgsqlDataSource>());
        marten.DatabaseSchemaName = options.Schema;
        marten.AutoCreateSchemaObjects = AutoCreate.CreateOrUpdate;
        marten.Storage.ExtendedSchemaObjects.AddRange(JoyTables.For(options.Schema));
        marten.UseSystemTextJsonForSerialization(EnumStorage.AsInteger, Casing.CamelCase, json =>
        {
            // The same reading rules as JsonSerializerDefaults.Web, which the rest of Joy uses.
            json.PropertyNameCaseInsensitive = true;
            json.NumberHandling = JsonNumberHandling.AllowReadingFromString;
        });

        // Spans per session's connection use and counters of appended events; nothing is recorded
        // unless a tracer or meter provider listens (Joy:Telemetry).
        marten.OpenTelemetry.TrackConnections = JasperFx.OpenTelemetry.TrackLevel.Normal;
        marten.OpenTelemetry.TrackEventCounters();

        var events = marten.Events;
        events.StreamIdentity = StreamIdentity.AsString;
        events.AppendMode = EventAppendMode.QuickWithServerTimestamps; // the read model sees the stored time
        events.UseExclusiveLockOnConcurrentAppends = true;
        events.EnableUniqueIndexOnEventId = true;
        events.MetadataConfig.CorrelationIdEnabled = true;
        events.MetadataConfig.CausationIdEnabled = true;
        events.MetadataConfig.UserNameEnabled = true;
        events.MetadataConfig.HeadersEnabled = true;
        foreach (var (name, type) in provider.GetRequiredService<EventTypeMap>().All)
        {
            events.MapEventType(type, name);
        }

        var daemon = marten.Projections;
        daemon.UseTransactionEvidenceForGapSkipping = true;
        daemon.SkipStaleGapsDespiteLiveTransactionsAfter = null;
        daemon.StaleSequenceThreshold = options.Daemon.StaleSequenceThreshold;
        daemon.FastPollingTime = options.Daemon.FastPolling;
        daemon.SlowPollingTime = options.Daemon.SlowPolling;
        daemon.Wakeup = provider.GetRequiredService<AppendWakeup>();
        marten.Listeners.Add(provider.GetRequiredService<AppendWakeup>());

        foreach (var projection in provider.GetServices<IInlineProjection>())
        {
            daemon.Add(new SqlProjection(projection), ProjectionLifecycle.Inline, NameOf(projection));
        }

        foreach (var projection in provider.GetServices<IAsyncProjection>())
        {
            daemon.Add(new SqlProjection(projection), ProjectionLifecycle.Async, projection.Name, async =>
            {
                foreach (var table in projection.Tables)
                {
                    async.DeleteDataInTableOnTeardown(table);
                }
            });
        }

        return marten;
    }

    private static string NameOf(IInlineProjection projection) =>
        projection is IAsyncProjection named ? named.Name : projection.GetType().Name;
}
