using System.Diagnostics;
using System.Text;
using Joy.Application.EventStore;
using Joy.Domain.Instances;
using Microsoft.Extensions.DependencyInjection;

namespace Joy.Bench;

public static partial class QueryBenchmark
{
    private const string SeedSql = """
        INSERT INTO joy.instance_summaries (id, name, sm_version, status, stage, priority, created_at, started_at, finished_at, updated_at, event_version)
        SELECT format('bench-%s', lpad(i::text, 7, '0')), (ARRAY['judge', 'hello', 'etl'])[1 + i % 3], 1,
               (ARRAY['Succeeded', 'Succeeded', 'Failed', 'Running', 'Cancelled'])[1 + i % 5], 'Verdict', 0,
               '2026-01-01'::timestamptz + i * interval '1 minute', '2026-01-01'::timestamptz + i * interval '1 minute',
               '2026-01-01'::timestamptz + i * interval '1 minute' + interval '5 seconds', now(), 12
          FROM generate_series(0, @count - 1) AS i;
        INSERT INTO joy.instances (id, name, state_machine_version, status, created_at, started_at, finished_at, output)
        SELECT format('bench-%s', lpad(i::text, 7, '0')), 'judge', 1, 'Succeeded',
               '2026-01-01'::timestamptz + i * interval '1 minute', '2026-01-01'::timestamptz + i * interval '1 minute',
               '2026-01-01'::timestamptz + i * interval '1 minute' + interval '5 seconds', '{"verdict": "AC"}'
          FROM generate_series(0, @count - 1) AS i;
        INSERT INTO joy.instance_runs (run_id, instance_id, path, attempt, actor, status, node, exit_code, duration_ms, requested_at, started_at, finished_at)
        SELECT format('bench-%s-%s', i, r), format('bench-%s', lpad(i::text, 7, '0')), (ARRAY['Compile', 'Run', 'Compare'])[r], 1,
               (ARRAY['compile', 'run', 'compare'])[r], 'Succeeded', 'node-1', 0, 100 + r, now(), now(), now()
          FROM generate_series(0, @count - 1) AS i, generate_series(1, 3) AS r;
        ANALYZE joy.instance_summaries; ANALYZE joy.instances; ANALYZE joy.instance_runs;
        """;

    /// <summary>16 loopback clients GET instance detail as fast as they can for the given time.</summary>
    private static async Task LoadAsync(string address, int seconds, Func<string> id)
    {
        const int clients = 16;
        using var http = new HttpClient(new SocketsHttpHandler { MaxConnectionsPerServer = clients }) { BaseAddress = new Uri(address) }.Authorized();
        var ids = Enumerable.Range(0, 10_000).Select(_ => id()).ToArray();
        var deadline = Stopwatch.GetTimestamp() + (long)(seconds * Stopwatch.Frequency);
        var all = await Task.WhenAll(Enumerable.Range(0, clients).Select(async c =>
        {
            var times = new List<double>();
            var i = c;
            while (Stopwatch.GetTimestamp() < deadline)
            {
                var started = Stopwatch.GetTimestamp();
                using var response = await http.GetAsync($"/api/v1/StateMachineInstance/{ids[i++ % ids.Length]}");
                await response.Content.ReadAsByteArrayAsync();
                response.EnsureSuccessStatusCode();
                times.Add(Stopwatch.GetElapsedTime(started).TotalMilliseconds);
            }

            return times;
        }));
        var merged = all.SelectMany(t => t).Order().ToList();
        Console.WriteLine($"load: GET detail, {clients} clients, {seconds} s: {merged.Count / (double)seconds:0} req/s, " +
            $"p50={Percentile(merged, 0.5):0.00} ms p99={Percentile(merged, 0.99):0.00} ms");
    }

    /// <summary>Appends one event at a time; an SSE client (after=end) notes when each arrives.</summary>
    private static async Task FeedLatencyAsync(IServiceProvider services, HttpClient client)
    {
        const int events = 300;
        var store = services.GetRequiredService<IEventStore>();
        var sent = new Dictionary<string, long>();
        var received = new Dictionary<string, long>(); // the SSE frame can beat AppendAsync's return
        var latencies = new List<double>();
        using var request = new HttpRequestMessage(HttpMethod.Get, "/api/v1/events/stream?after=end&instance=feed-bench");
        using var response = await client.SendAsync(request, HttpCompletionOption.ResponseHeadersRead);
        using var reader = new StreamReader(await response.Content.ReadAsStreamAsync(), Encoding.UTF8);
        await reader.ReadLineAsync(); // "retry:" — the stream is open and positioned before the first append
        var receiving = Task.Run(async () =>
        {
            while (received.Count < events && await reader.ReadLineAsync() is { } line)
            {
                if (line.StartsWith("id: ", StringComparison.Ordinal))
                {
                    received[line[4..]] = Stopwatch.GetTimestamp();
                }
            }
        });
        for (var i = 0; i < events; i++)
        {
            var started = Stopwatch.GetTimestamp();
            var result = await store.AppendAsync("instance-feed-bench", ExpectedVersion.Any,
                [new TimerFired($"t{i}", "Wait", DateTimeOffset.UtcNow)]);
            lock (sent)
            {
                sent[result.LastPosition.ToString()] = started;
            }

            await Task.Delay(10);
        }

        await receiving.WaitAsync(TimeSpan.FromSeconds(30));
        latencies.AddRange(sent.Select(s => Stopwatch.GetElapsedTime(s.Value, received[s.Key]).TotalMilliseconds).Order());
        var p99 = Percentile(latencies, 0.99);
        Console.WriteLine($"feed latency append->SSE: n={latencies.Count} p50={Percentile(latencies, 0.5):0.00} ms p99={p99:0.00} ms " +
            $"(target p99 < 150 ms: {(p99 < 150 ? "met" : "MISSED")}, ratio {p99 / 150:0.00})");
    }
}
