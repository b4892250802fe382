using System.Diagnostics;
using System.Net;
using System.Net.Http.Json;
using System.Net.Sockets;
using System.Text.Json.Nodes;
using Npgsql;

namespace Joy.Bench;

/// <summary>
/// What Wolverine carries, measured on real service processes (<c>dotnet Joy.Web.dll</c>) over a
/// throwaway database:
/// <list type="bullet">
/// <item>timer lateness: Wait states (2 s) started 50 ms apart, the TimerFired event's stored time
/// minus the wait's due time, p50/p99/max, against the scheduled-message polling interval that bounds it;</item>
/// <item>failover: two processes, the one that leads (started first) SIGKILLed; the time until the
/// survivor has projected an instance started after the kill (async daemon), and until it has fired a
/// timer that fell due at the kill (Wolverine's scheduled messages);</item>
/// <item>cold start: process start to listening, and to its first one-actor instance finished.</item>
/// </list>
/// </summary>
public static class ReactionsBenchmark
{
    private const string Wait = "{'StartAt': 'W', 'States': {'W': {'Type': 'Wait', 'Seconds': 2, 'End': true}}}";
    private const string Pass = "{'StartAt': 'P', 'States': {'P': {'Type': 'Pass', 'End': true}}}";
    private const string OneTask = "{'StartAt': 'T', 'States': {'T': {'Type': 'Task', 'Resource': 'actor:hello', 'End': true}}}";

    public static async Task<int> RunAsync(string[] args)
    {
        var waits = args.Length > 0 ? int.Parse(args[0]) : 200;
        var failovers = args.Length > 1 ? int.Parse(args[1]) : 3;
        await ColdStartAsync();
        await TimerLatenessAsync(waits);
        for (var round = 1; round <= failovers; round++)
        {
            await FailoverAsync(round);
        }

        return 0;
    }

    private static async Task ColdStartAsync()
    {
        await using var database = await BenchDatabase.CreateAsync();
        var started = Stopwatch.StartNew();
        await using var service = await Service.LaunchAsync(database.ConnectionString);
        var listening = started.Elapsed;
        await service.DefineAsync("hello", OneTask, actor: true);
        var id = await service.StartAsync("hello");
        await service.WaitEndedAsync(id, TimeSpan.FromSeconds(120));
        Console.WriteLine($"cold start: listening after {listening.TotalSeconds:0.00} s, first one-actor instance finished after {started.Elapsed.TotalSeconds:0.00} s");
    }

    private static async Task TimerLatenessAsync(int count)
    {
        await using var database = await BenchDatabase.CreateAsync();
        await using var service = await Service.LaunchAsync(database.ConnectionString);
        await service.DefineAsync("wait", Wait);
        var ids = new List<string>();
        for (var i = 0; i < count; i++)
        {
            ids.Add(await service.StartAsync("wait"));
            await Task.Delay(50);
        }

        foreach (var id in ids)
        {
            await service.WaitEndedAsync(id, TimeSpan.FromSeconds(60));
        }

        var lateness = await QueryDoublesAsync(database.ConnectionString, """
            SELECT extract(epoch FROM (f.timestamp - (w.data->>'dueAt')::timestamptz)) * 1000
              FROM joy.mt_events w JOIN joy.mt_events f ON f.stream_id = w.stream_id AND f.type = 'instance.timer-fired.v1'
             WHERE w.type = 'instance.wait-started.v1'
            """);
        lateness.Sort();
        Console.WriteLine($"timer lateness over {lateness.Count} waits: p50 {Percentile(lateness, 0.50):0} ms, p99 {Percentile(lateness, 0.99):0} ms, " +
                          $"max {lateness[^1]:0} ms, min {lateness[0]:0} ms (scheduled polling 250 ms)");
    }

    private static async Task FailoverAsync(int round)
    {
        await using var database = await BenchDatabase.CreateAsync();
        await using var first = await Service.LaunchAsync(database.ConnectionString);
        await first.DefineAsync("pass", Pass);
        await first.DefineAsync("wait", Wait);
        var before = await first.StartAsync("pass");
        await Until(() => first.ListedAsync(before), TimeSpan.FromSeconds(30));
        await using var second = await Service.LaunchAsync(database.ConnectionString);
        await Until(async () => (await QueryDoublesAsync(database.ConnectionString, "SELECT count(*) FROM joy.wolverine_nodes"))[0] == 2,
            TimeSpan.FromSeconds(30));
        var waiting = await first.StartAsync("wait");
        await Task.Delay(TimeSpan.FromSeconds(2)); // the wait falls due: from now on it is late

        first.Kill();
        var killed = Stopwatch.StartNew();
        Console.WriteLine($"killed at {DateTime.Now:HH:mm:ss.fff}");
        var after = await second.StartAsync("pass");
        await Until(() => second.ListedAsync(after), TimeSpan.FromSeconds(60));
        var projected = killed.Elapsed;
        await second.WaitEndedAsync(waiting, TimeSpan.FromSeconds(60));
        var fired = killed.Elapsed;
        Console.WriteLine($"failover round {round}: the survivor projected after {projected.TotalSeconds:0.00} s, fired the dead leader's due timer after {fired.TotalSeconds:0.00} s");
    }

    internal static double Percentile(List<double> sorted, double p) =>
        sorted[Math.Clamp((int)Math.Ceiling(p * sorted.Count) - 1, 0, sorted.Count - 1)];

    internal static async Task Until(Func<Task<bool>> condition, TimeSpan timeout)
    {
        var deadline = Stopwatch.StartNew();
        while (!await condition())
        {
            if (deadline.Elapsed > timeout)
            {
                throw new TimeoutException($"not reached within {timeout}");
            }

            await Task.Delay(20);
        }
    }

    internal static async Task<List<double>> QueryDoublesAsync(string connectionString, string sql)
    {
        await using var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(sql, connection);
        await using var reader = await command.ExecuteReaderAsync();
        var values = new List<double>();
        while (await reader.ReadAsync())
        {
            values.Add(Convert.ToDouble(reader.GetValue(0), System.Globalization.CultureInfo.InvariantCulture));
        }

        return values;
    }

    /// <summary>A <c>dotnet Joy.Web.dll</c> child process on a free loopback port, with the environment's settings file.</summary>
    internal sealed class Service : IAsyncDisposable
    {
        private readonly Process _process;
        private readonly HttpClient _client;
        private readonly System.Collections.Concurrent.ConcurrentQueue<string> _output = new();

        private Service(Process process, Uri address)
        {
            _process = process;
            _client = new HttpClient { BaseAddress = address, Timeout = TimeSpan.FromSeconds(30) }.Authorized();
        }

        public static async Task<Service> LaunchAsync(string connectionString)
        {
            var port = FreePort();
            var start = new ProcessStartInfo("dotnet", Path.Combine(AppContext.BaseDirectory, "Joy.Web.dll"))
            {
                WorkingDirectory = AppContext.BaseDirectory,
                RedirectStandardOutput = true,
                RedirectStandardError = true,
            };
            start.Environment["ASPNETCORE_URLS"] = $"http://127.0.0.1:{port}";
            start.Environment["ConnectionStrings__Joy"] = connectionString;
            start.Environment["Joy__Executor__ServiceName"] = $"joy-bench-{port}";
            start.Environment["Logging__LogLevel__Default"] = Environment.GetEnvironmentVariable("BENCH_LOG") ?? "Warning";
            start.Environment["Logging__Console__TimestampFormat"] = "HH:mm:ss.fff ";
            start.Environment["Logging__LogLevel__Joy.Application.Schedules"] = "Information"; // which process fires (ScheduleBenchmark)
            if (Environment.GetEnvironmentVariable("BENCH_LOG") is { } level)
            {
                foreach (var category in new[] { "Wolverine", "Marten", "JasperFx" })
                {
                    start.Environment[$"Logging__LogLevel__{category}"] = level;
                }
            }

            var process = Process.Start(start)!;
            var log = Environment.GetEnvironmentVariable("BENCH_LOG") is null ? null : $"/tmp/bench-{port}.log";
            Service? service = null;
            process.OutputDataReceived += (_, line) =>
            {
                service?._output.Enqueue(line.Data ?? "");
                if (log is not null) lock (start) File.AppendAllText(log, line.Data + "\n");
            };
            process.ErrorDataReceived += (_, line) => { if (log is not null) lock (start) File.AppendAllText(log, line.Data + "\n"); };
            process.BeginOutputReadLine();
            process.BeginErrorReadLine();
            service = new Service(process, new Uri($"http://127.0.0.1:{port}"));
            await Until(async () =>
            {
                try
                {
                    using var response = await service._client.GetAsync("/health");
                    return true;
                }
                catch (HttpRequestException) when (!process.HasExited)
                {
                    return false;
                }
            }, TimeSpan.FromSeconds(60));
            return service;
        }

        /// <summary>How many lines containing <paramref name="text"/> the process has written.</summary>
        public int Count(string text) => _output.Count(line => line.Contains(text, StringComparison.Ordinal));

        public HttpClient Client => _client;

        public async Task DefineAsync(string name, string definition, bool actor = false)
        {
            if (actor)
            {
                using var put = await _client.PutAsJsonAsync("/api/v1/Actor", new JsonObject
                {
                    ["name"] = "hello",
                    ["image"] = "joy-busybox:latest",
                    ["script"] = "echo '{}' > return.json",
                });
                put.EnsureSuccessStatusCode();
            }

            using var response = await _client.PutAsJsonAsync("/api/v1/StateMachine", new JsonObject
            {
                ["name"] = name,
                ["definition"] = JsonNode.Parse(definition.Replace('\'', '"')),
            });
            response.EnsureSuccessStatusCode();
        }

        public async Task<string> StartAsync(string name)
        {
            using var response = await _client.PutAsJsonAsync("/api/v1/StateMachineInstance", new JsonObject { ["name"] = name });
            response.EnsureSuccessStatusCode();
            return (await response.Content.ReadFromJsonAsync<JsonObject>())!["id"]!.GetValue<string>();
        }

        public async Task WaitEndedAsync(string id, TimeSpan timeout) => await Until(async () =>
        {
            var instance = await _client.GetFromJsonAsync<JsonObject>($"/api/v1/StateMachineInstance/{id}");
            var status = instance!["status"]!.GetValue<string>();
            return status == "Succeeded" ? true
                : status == "Running" ? false
                : throw new InvalidOperationException($"instance {id} ended {status}: {instance}");
        }, timeout);

        public async Task<bool> ListedAsync(string id)
        {
            var page = await _client.GetFromJsonAsync<JsonObject>("/api/v1/StateMachineInstance/All?limit=200");
            return page!["items"]!.AsArray().Any(item => item!["id"]!.GetValue<string>() == id);
        }

        public void Kill()
        {
            _process.Kill(entireProcessTree: true);
            _process.WaitForExit();
        }

        public ValueTask DisposeAsync()
        {
            if (!_process.HasExited)
            {
                Kill();
            }

            _process.Dispose();
            _client.Dispose();
            return ValueTask.CompletedTask;
        }

        private static int FreePort()
        {
            using var listener = new TcpListener(IPAddress.Loopback, 0);
            listener.Start();
            return ((IPEndPoint)listener.LocalEndpoint).Port;
        }
    }
}
