using System.Diagnostics;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using Joy.Executor;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Extensions.Configuration;
using Npgsql;

using Joy.Tests.Infrastructure;

namespace Joy.Bench;

/// <summary>
/// Issue 6's benchmark: (a) 40 one-actor instances (<c>sh -c :</c>) through Joy vs the same 40 containers
/// driven directly through the Docker API with the same concurrency (each node's MaxRunningJobs);
/// (b) one judge with 10 test cases vs a shell script doing the same docker runs with the same parallelism.
/// </summary>
public static partial class EngineBenchmark
{
    public static async Task<int> RunAsync(string[] args)
    {
        var count = args.Length > 0 ? int.Parse(args[0]) : 40;
        var rounds = args.Length > 1 ? int.Parse(args[1]) : 5;
        var configuration = Settings();
        var executor = ExecutorOptions.FromConfiguration(configuration);
        await using var database = await BenchDatabase.CreateAsync();
        await using var factory = Host(configuration, database.ConnectionString);
        using var client = factory.CreateClient().Authorized();
        await DefineAsync(client);

        // Warm-up: JIT, pools, images in the page cache, both sides.
        await JoyAsync(client, database.ConnectionString, 2);
        await DirectAsync(executor, 2);

        executor.ServiceName = "joy-bench-executor";
        await ExecutorAsync(executor, 2);
        var slots = executor.Nodes.Values.Sum(node => node.MaxRunningJobs);
        Console.WriteLine($"(a) {count} one-actor runs, concurrency {slots} over {executor.Nodes.Count} nodes, {rounds} rounds");

        // Rounds rotate which side goes first, so the load one side leaves behind (dockerd, PostgreSQL
        // vacuum, page cache) does not always fall on the same side; the ratio reported is the median.
        var ratios = new List<(double Joy, double Alone)>();
        for (var round = 0; round < rounds; round++)
        {
            var sides = new (string Name, Func<Task<TimeSpan>> Run)[]
            {
                ("direct", () => DirectAsync(executor, count)),
                ("alone", () => ExecutorAsync(executor, count)),
                ("joy", () => JoyAsync(client, database.ConnectionString, count)),
            };
            var times = new Dictionary<string, TimeSpan>();
            for (var i = 0; i < sides.Length; i++)
            {
                var (name, run) = sides[(i + round) % sides.Length];
                times[name] = await run();
            }

            var (direct, alone, joy) = (times["direct"], times["alone"], times["joy"]);
            ratios.Add((direct / joy, direct / alone));
            Console.WriteLine($"    round {round + 1}: direct {count / direct.TotalSeconds,6:F2} runs/s, executor alone {count / alone.TotalSeconds,6:F2} runs/s " +
                $"({direct / alone:P0}), Joy {count / joy.TotalSeconds,6:F2} runs/s ({direct / joy:P0})");
        }

        static double Median(IEnumerable<double> values) => values.Order().ElementAt(values.Count() / 2);
        Console.WriteLine($"    Joy throughput = {Median(ratios.Select(r => r.Joy)):P0} of direct, median of {rounds} (target >= 80%); " +
            $"executor alone {Median(ratios.Select(r => r.Alone)):P0}");

        var script = await JudgeScriptAsync(configuration, executor);
        var judge = await JudgeAsync(client, database.ConnectionString);
        Console.WriteLine("(b) one judge, 10 test cases");
        Console.WriteLine($"    shell script (docker CLI): {script.TotalSeconds,7:F2} s");
        Console.WriteLine($"    Joy judge instance:        {judge.TotalSeconds,7:F2} s");
        Console.WriteLine($"    Joy wall time = {judge.TotalSeconds / script.TotalSeconds:F2}x the script (target <= 1.25x)");
        return 0;
    }

    private static IConfiguration Settings()
    {
        var path = Environment.GetEnvironmentVariable("JOY_CONFIG") is { Length: > 0 } p
            ? p
            : Path.Combine(Environment.GetEnvironmentVariable("JOY_STATE_DIR") is { Length: > 0 } d ? d : "/var/lib/joy-dev", "joy.settings.json");
        return new ConfigurationBuilder().AddJsonFile(path).AddEnvironmentVariables().Build();
    }

    private static WebApplicationFactory<Program> Host(IConfiguration settings, string connectionString,
        IReadOnlyDictionary<string, string?>? extra = null) =>
        new WebApplicationFactory<Program>().WithWebHostBuilder(host =>
        {
            host.UseEnvironment("Production");
            host.ConfigureAppConfiguration((_, configuration) => configuration.AddConfiguration(settings).AddInMemoryCollection(
                new Dictionary<string, string?>(extra ?? new Dictionary<string, string?>())
                {
                    ["ConnectionStrings:Joy"] = connectionString,
                    ["Joy:Executor:ServiceName"] = "joy-bench",
                    ["Logging:LogLevel:Default"] = "Warning",
                }));
        });

    private static async Task DefineAsync(HttpClient client)
    {
        await PutAsync(client, "/api/v1/Actor", new JsonObject
        {
            ["name"] = "noop", ["image"] = "joy-busybox:latest", ["command"] = new JsonArray("sh", "-c", ":"),
        });
        await PutAsync(client, "/api/v1/StateMachine", new JsonObject
        {
            ["name"] = "noop",
            ["definition"] = JsonNode.Parse("""{"StartAt": "Noop", "States": {"Noop": {"Type": "Task", "Resource": "actor:noop", "End": true}}}"""),
        });
        await JudgeExample.LoadAsync(client);
    }

    private static async Task PutAsync(HttpClient client, string path, JsonNode body)
    {
        using var response = await client.PutAsJsonAsync(path, body);
        response.EnsureSuccessStatusCode();
    }

    /// <summary>Starts <paramref name="count"/> instances at once; the time until the last one ended.</summary>
    private static async Task<TimeSpan> JoyAsync(HttpClient client, string connectionString, int count)
    {
        var clock = Stopwatch.StartNew();
        var ids = await Task.WhenAll(Enumerable.Range(0, count).Select(async _ =>
        {
            using var response = await client.PutAsJsonAsync("/api/v1/StateMachineInstance", new JsonObject { ["name"] = "noop" });
            response.EnsureSuccessStatusCode();
            return (await response.Content.ReadFromJsonAsync<JsonObject>())!["id"]!.GetValue<string>();
        }));
        await WaitEndedAsync(connectionString, ids);
        return clock.Elapsed;
    }

    private static async Task WaitEndedAsync(string connectionString, string[] ids)
    {
        await using var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync();
        while (true)
        {
            await using var command = new NpgsqlCommand(
                "SELECT count(*) FILTER (WHERE status = 'Running'), count(*) FILTER (WHERE status NOT IN ('Running', 'Succeeded')) FROM joy.instances WHERE id = ANY($1)",
                connection) { Parameters = { new() { Value = ids } } };
            await using var reader = await command.ExecuteReaderAsync();
            await reader.ReadAsync();
            if (reader.GetInt64(1) > 0)
            {
                throw new InvalidOperationException("An instance did not succeed.");
            }

            if (reader.GetInt64(0) == 0)
            {
                return;
            }

            await Task.Delay(20);
        }
    }
}
