using System.Diagnostics;
using System.Globalization;
using Joy.Application.EventStore;
using Joy.Domain;
using Microsoft.Extensions.Configuration;
using Npgsql;

namespace Joy.Bench;

/// <summary>
/// <c>dotnet run -c Release --project bench/Joy.Bench -- eventstore</c>. Against the environment's
/// PostgreSQL, in a fresh database of its own: single-event appends through the store vs a plain
/// Npgsql INSERT of the same rows into a table of the same shape (1 and 8 writers), 100-event
/// batch append latency, and subscription lag at a steady 1,000 events/s. Bounded in time (~1 min).
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
            await using var dataSource = NpgsqlDataSource.Create(connectionString);
            var options = new EventStoreOptions();
            await new SchemaMigrator(dataSource, options).MigrateAsync();
            await ExecuteAsync(connectionString, """
                CREATE TABLE public.plain_events (LIKE joy.events INCLUDING ALL);
                CREATE SEQUENCE public.plain_events_seq OWNED BY public.plain_events.seq_id;
                ALTER TABLE public.plain_events ALTER COLUMN seq_id SET DEFAULT nextval('public.plain_events_seq');
                """);
            var store = new PostgresEventStore(dataSource, new EventTypeMap().Register<BenchEvent>(), options);

            Console.WriteLine($"Event store benchmark, database {database}, {Environment.ProcessorCount} cores");
            var report = new List<string>
            {
                "| measurement | store | plain INSERT | ratio | target |",
                "| --- | --- | --- | --- | --- |",
            };
            var only = args.FirstOrDefault(); // "throughput", "batch" or "lag" runs one part while tuning
            foreach (var writers in only is null or "throughput" ? new[] { 1, 8 } : [])
            {
                var (joy, plain) = await CompareThroughputAsync(writers,
                    (w, i) => StoreAppendAsync(store, w, i), (w, i) => PlainInsertAsync(dataSource, w, i));
                report.Add($"| single-event appends, {writers} writer(s) | {joy:F0} ops/s | {plain:F0} ops/s | {joy / plain:P0} | >= 70% |");
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
                var lag = await MeasureLagAsync(dataSource);
                report.Add($"| subscription lag at {lag.Rate:F0} events/s for {lag.Seconds:F0} s ({lag.Count} events) | p50 {lag.P50:F1} ms, p99 {lag.P99:F1} ms, max {lag.Max:F1} ms; oldest foreign write transaction {lag.OldestForeignWriteMs:F0} ms | | | p99 < 100 ms |");
                Console.WriteLine(report[^1]);
            }

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
