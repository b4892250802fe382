using System.Diagnostics;
using System.Net;
using Joy.Application.EventStore;
using Joy.Domain.Instances;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Npgsql;

namespace Joy.Bench;

/// <summary>
/// The query side with 100k instances in the read models, over Kestrel on loopback: list page p95
/// and instance detail p95 (targets 30 ms and 10 ms), a 20 s load of GET detail (req/s, p99), and
/// the feed's latency from append to an SSE client (target p99 under 150 ms).
/// </summary>
public static partial class QueryBenchmark
{
    public static async Task<int> RunAsync(string[] args)
    {
        var count = args.Length > 0 ? int.Parse(args[0]) : 100_000;
        var loadSeconds = args.Length > 1 ? int.Parse(args[1]) : 20;
        await using var database = await BenchDatabase.CreateAsync();
        await using var factory = new WebApplicationFactory<Program>().WithWebHostBuilder(host =>
        {
            host.UseEnvironment("Production");
            host.ConfigureAppConfiguration((_, configuration) => configuration.AddInMemoryCollection(new Dictionary<string, string?>
            {
                ["ConnectionStrings:Joy"] = database.ConnectionString,
                ["Joy:Dispatcher:Enabled"] = "false",
                ["Logging:LogLevel:Default"] = "Warning",
            }));
        });
        factory.UseKestrel(kestrel => kestrel.Listen(IPAddress.Loopback, 0));
        factory.StartServer();
        var address = factory.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        using var client = new HttpClient { BaseAddress = new Uri(address) }.Authorized();

        var seeding = Stopwatch.StartNew();
        await SeedAsync(database.ConnectionString, count);
        Console.WriteLine($"seeded {count:N0} instances (3 runs each) in {seeding.Elapsed.TotalSeconds:0.0} s");

        var random = new Random(7);
        string Id() => $"bench-{random.Next(count):D7}";
        var cursor = (await client.GetStringAsync($"/api/v1/StateMachineInstance/All?limit=500")).Split("\"next\":\"")[1].Split('"')[0];
        string[] lists =
        [
            "/api/v1/StateMachineInstance/All?limit=50",
            "/api/v1/StateMachineInstance/All?limit=50&name=judge",
            "/api/v1/StateMachineInstance/All?limit=50&status=Failed",
            "/api/v1/StateMachineInstance/All?limit=50&name=hello&status=Succeeded",
            $"/api/v1/StateMachineInstance/All?limit=50&after={cursor}",
            "/api/v1/StateMachineInstance/All?limit=50&begin_time=2026-01-01T00:00:00Z&finish_time=2026-06-01T00:00:00Z",
        ];
        await SequentialAsync(client, 100, i => lists[i % lists.Length]); // warm-up
        await SequentialAsync(client, 100, _ => $"/api/v1/StateMachineInstance/{Id()}");

        Report("list page (6 filter shapes)", await SequentialAsync(client, 600, i => lists[i % lists.Length]), 30);
        Report("instance detail", await SequentialAsync(client, 600, _ => $"/api/v1/StateMachineInstance/{Id()}"), 10);
        await LoadAsync(address, loadSeconds, Id);
        await FeedLatencyAsync(factory.Services, client);
        return 0;
    }

    private static async Task SeedAsync(string connectionString, int count)
    {
        await using var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(SeedSql, connection) { CommandTimeout = 600 };
        command.Parameters.AddWithValue("count", count);
        await command.ExecuteNonQueryAsync();
    }

    private static async Task<List<double>> SequentialAsync(HttpClient client, int requests, Func<int, string> url)
    {
        var times = new List<double>(requests);
        for (var i = 0; i < requests; i++)
        {
            var started = Stopwatch.GetTimestamp();
            using var response = await client.GetAsync(url(i));
            await response.Content.ReadAsByteArrayAsync();
            response.EnsureSuccessStatusCode();
            times.Add(Stopwatch.GetElapsedTime(started).TotalMilliseconds);
        }

        return times;
    }

    private static void Report(string what, List<double> times, double targetMs)
    {
        times.Sort();
        var p95 = Percentile(times, 0.95);
        Console.WriteLine($"{what}: n={times.Count} p50={Percentile(times, 0.5):0.00} ms p95={p95:0.00} ms p99={Percentile(times, 0.99):0.00} ms " +
            $"(target p95 < {targetMs} ms: {(p95 < targetMs ? "met" : "MISSED")}, ratio {p95 / targetMs:0.00})");
    }

    internal static double Percentile(List<double> sorted, double p) =>
        sorted.Count == 0 ? double.NaN : sorted[Math.Min(sorted.Count - 1, (int)Math.Ceiling(p * sorted.Count) - 1)];
}
