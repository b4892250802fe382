using System.Diagnostics;
using System.Globalization;
using Joy.Application.EventStore;
using Joy.Domain;
using Joy.Application.Queries;
using Marten;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Npgsql;

namespace Joy.Bench;

/// <summary>
/// <c>dotnet run -c Release --project bench/Joy.Bench -- eventstore</c>. Against the environment's
/// PostgreSQL, in a fresh database of its own, with Marten wired as the service wires it (a host
/// with AddJoyEventStore): single-event appends through Joy's append path vs a plain Npgsql INSERT
/// of the same rows into a table of the same shape as mt_events (1 and 8 writers) and 100-event
/// batch append latency, with no async work running (as the old store's figures were taken); then,
/// in a schema of its own with the daemon running, the lag of a subscription in the daemon and of
/// the live feed at a steady 1,000 events/s (<c>lag trace</c> adds the daemon's spans). Bounded in time (~1 min).
/// </summary>
public static partial class EventStoreBenchmark
{
    private const int ThroughputRounds = 5;
    private static readonly TimeSpan ThroughputRound = TimeSpan.FromSeconds(1);

    public static async Task<int> RunAsync(string[] args)
    {
        var adminConnectionString = LoadConnectionString();
        var database = $"joy_bench_{Guid.NewGuid():N}";
        await ExecuteAsync(adminConnectionString, $"CREATE DATABASE \"{database}\"");
        try
        {
            // Auto-prepare as AddJoyEventStore configures it; the baseline shares the data source.
            var connectionString = new NpgsqlConnectionStringBuilder(adminConnectionString) { Database = database, MaxAutoPrepare = 64 }.ConnectionString;
            using var host = await StartStoreAsync(connectionString, "joy", lagHandler: null);
            var dataSource = host.Services.GetRequiredService<NpgsqlDataSource>();
            var store = host.Services.GetRequiredService<IEventStore>();
            await ExecuteAsync(connectionString, """
                CREATE TABLE public.plain_events (LIKE joy.mt_events INCLUDING ALL);
                CREATE SEQUENCE public.plain_events_seq OWNED BY public.plain_events.seq_id;
                ALTER TABLE public.plain_events ALTER COLUMN seq_id SET DEFAULT nextval('public.plain_events_seq');
                """);

            Console.WriteLine($"Event store benchmark, database {database}, {Environment.ProcessorCount} cores");
            var report = new List<string>
            {
                "| measurement | store | plain INSERT | ratio | target |",
                "| --- | --- | --- | --- | --- |",
            };
            var only = args.FirstOrDefault(); // "throughput", "batch" or "lag" ("lag trace": with Marten's daemon spans) runs one part while tuning
            foreach (var writers in only is null or "throughput" ? new[] { 1, 8 } : [])
            {
                var (joy, plain) = await CompareThroughputAsync(writers,
                    (w, i) => StoreAppendAsync(store, w, i), (w, i) => PlainInsertAsync(dataSource, w, i));
                report.Add($"| single-event appends, {writers} writer(s) | {joy:F0} ops/s | {plain:F0} ops/s | {joy / plain:P0} | >= 60% |");
                Console.WriteLine(report[^1]);
            }

            if (only is null or "batch")
            {
                var (batchP50, batchP99) = await MeasureBatchAsync(store);
                report.Add($"| 100-event batch append | p50 {batchP50:F1} ms, p99 {batchP99:F1} ms | | | < 10 ms |");
                Console.WriteLine(report[^1]);
            }

            if (only is null or "lag")
            {
                var lagHandler = new LagHandler();
                using var trace = args.Contains("trace") ? new DaemonTrace() : null;
                using var lagHost = await StartStoreAsync(connectionString, "joy_lag", lagHandler);
                var lag = await MeasureLagAsync(lagHost.Services, lagHandler, trace);
                await lagHost.StopAsync();
                report.Add($"| daemon subscription lag at {lag.Rate:F0} events/s for {lag.Seconds:F0} s ({lag.Count} events) | p50 {lag.P50:F1} ms, p99 {lag.P99:F1} ms, max {lag.Max:F1} ms (of which the append itself: p50 {lag.AppendP50:F1} ms, p99 {lag.AppendP99:F1} ms) | | | p99 < 100 ms |");
                report.Add($"| live feed lag, same run ({lag.Feed.Count} events) | p50 {lag.Feed.P50:F1} ms, p99 {lag.Feed.P99:F1} ms, max {lag.Feed.Max:F1} ms | | | p99 < 100 ms |");
                Console.WriteLine(report[^2]);
                Console.WriteLine(report[^1]);
                foreach (var line in trace?.Report() ?? [])
                {
                    Console.WriteLine(line);
                }
            }

            await host.StopAsync();
            Console.WriteLine();
            Console.WriteLine(string.Join(Environment.NewLine, report));
            return 0;
        }
        finally
        {
            NpgsqlConnection.ClearAllPools();
            await ExecuteAsync(adminConnectionString, $"DROP DATABASE IF EXISTS \"{database}\" WITH (FORCE)");
        }
    }

    /// <summary>
    /// A started host with the event store as the service wires it in <paramref name="schema"/>; with a
    /// lag handler, also the live-feed services and that subscription, so the daemon runs.
    /// </summary>
    private static async Task<IHost> StartStoreAsync(string connectionString, string schema, LagHandler? lagHandler)
    {
        var builder = Host.CreateApplicationBuilder();
        builder.Logging.SetMinimumLevel(LogLevel.Warning);
        builder.Configuration.AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["ConnectionStrings:Joy"] = connectionString,
            ["Joy:EventStore:Schema"] = schema,
        });
        builder.Services.AddJoyEventStore(builder.Configuration).AddJoyEventTypes(map => map.Register<BenchEvent>());
        if (lagHandler is not null)
        {
            builder.Services.ConfigureMarten(options => options.Projections.Subscribe(lagHandler));
            builder.Services.AddJoyQueries(builder.Configuration);
        }

        var host = builder.Build();
        await host.StartAsync();
        return host;
    }

    private static string LoadConnectionString()
    {
        var stateDir = Environment.GetEnvironmentVariable("JOY_STATE_DIR") is { Length: > 0 } dir ? dir : "/var/lib/joy-dev";
        var settings = Environment.GetEnvironmentVariable("JOY_CONFIG") is { Length: > 0 } path ? path : Path.Combine(stateDir, "joy.settings.json");
        var configuration = new ConfigurationBuilder().AddJsonFile(settings, optional: true).AddEnvironmentVariables().Build();
        return configuration.GetConnectionString("Joy")
            ?? throw new InvalidOperationException($"ConnectionStrings:Joy not found ({settings}); run `bash scripts/env.sh up`.");
    }

    private static async Task ExecuteAsync(string connectionString, string sql)
    {
        await using var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(sql, connection);
        await command.ExecuteNonQueryAsync();
    }

    private static double Percentile(List<double> sorted, double p) =>
        sorted.Count == 0 ? double.NaN : sorted[Math.Min(sorted.Count - 1, (int)Math.Ceiling(p * sorted.Count) - 1)];

    private static double Milliseconds(long fromTimestamp, long toTimestamp) =>
        (toTimestamp - fromTimestamp) * 1000.0 / Stopwatch.Frequency;

    [EventType("bench.event")]
    private sealed record BenchEvent(int Writer, long Number, long SentAt, string Payload);

    private static BenchEvent NewEvent(int writer, long number) =>
        new(writer, number, Stopwatch.GetTimestamp(), "judge run " + number.ToString(CultureInfo.InvariantCulture));
}
