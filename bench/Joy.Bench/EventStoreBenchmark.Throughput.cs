using System.Diagnostics;
using System.Text.Json;
using Joy.Application.EventStore;
using Npgsql;
using NpgsqlTypes;

namespace Joy.Bench;

public static partial class EventStoreBenchmark
{
    /// <summary>
    /// Operations per second of the store and of the baseline with N writers, in alternating
    /// one-second rounds after a warm-up of each, so load from elsewhere on a shared machine hits
    /// both alike.
    /// </summary>
    private static async Task<(double Store, double Plain)> CompareThroughputAsync(
        int writers, Func<int, long, Task> store, Func<int, long, Task> plain)
    {
        var runId = Random.Shared.Next(1, 1_000_000) * 16;
        var storeVersions = new long[writers];
        var plainVersions = new long[writers];
        await RoundAsync(writers, runId, storeVersions, store, ThroughputRound);
        await RoundAsync(writers, runId, plainVersions, plain, ThroughputRound);
        long storeOps = 0, plainOps = 0;
        for (var round = 0; round < ThroughputRounds; round++)
        {
            plainOps += await RoundAsync(writers, runId, plainVersions, plain, ThroughputRound);
            storeOps += await RoundAsync(writers, runId, storeVersions, store, ThroughputRound);
        }

        var seconds = ThroughputRounds * ThroughputRound.TotalSeconds;
        return (storeOps / seconds, plainOps / seconds);
    }

    /// <summary>Operations completed by N writers in <paramref name="duration"/>; writer w continues its stream from versions[w].</summary>
    private static async Task<long> RoundAsync(int writers, int runId, long[] versions, Func<int, long, Task> operation, TimeSpan duration)
    {
        var deadline = Stopwatch.GetTimestamp() + (long)(duration.TotalSeconds * Stopwatch.Frequency);
        var counts = await Task.WhenAll(Enumerable.Range(0, writers).Select(w => Task.Run(async () =>
        {
            long done = 0;
            while (Stopwatch.GetTimestamp() < deadline)
            {
                await operation(runId + w, ++versions[w]);
                done++;
            }

            return done;
        })));
        return counts.Sum();
    }

    private static Task StoreAppendAsync(IEventStore store, int writer, long number) =>
        store.AppendAsync($"bench-{writer}", ExpectedVersion.Exact(number - 1), [new EventToAppend(NewEvent(writer, number))]);

    /// <summary>The baseline: the same row (same columns, same JSON) inserted with one plain statement.</summary>
    private static async Task PlainInsertAsync(NpgsqlDataSource dataSource, int writer, long number)
    {
        await using var command = dataSource.CreateCommand(
            "INSERT INTO public.plain_events (id, stream_id, version, type, data, headers, timestamp) VALUES ($1, $2, $3, $4, $5, $6, now())");
        command.Parameters.Add(new NpgsqlParameter<Guid> { TypedValue = Guid.CreateVersion7() });
        command.Parameters.Add(new NpgsqlParameter<string> { TypedValue = $"bench-{writer}" });
        command.Parameters.Add(new NpgsqlParameter<long> { TypedValue = number });
        command.Parameters.Add(new NpgsqlParameter<string> { TypedValue = "bench.event" });
        command.Parameters.Add(new NpgsqlParameter<string>
        {
            TypedValue = JsonSerializer.Serialize(NewEvent(writer, number), EventTypeMap.SerializerOptions),
            NpgsqlDbType = NpgsqlDbType.Jsonb,
        });
        command.Parameters.Add(new NpgsqlParameter<string>
        {
            TypedValue = JsonSerializer.Serialize(EventMetadata.Empty, EventTypeMap.SerializerOptions),
            NpgsqlDbType = NpgsqlDbType.Jsonb,
        });
        await command.ExecuteNonQueryAsync();
    }

    /// <summary>Latency of appending 100 events in one call, to a fresh stream each time.</summary>
    private static async Task<(double P50, double P99)> MeasureBatchAsync(IEventStore store)
    {
        var latencies = new List<double>();
        for (var i = 0; i < 220; i++)
        {
            var events = Enumerable.Range(0, 100).Select(n => new EventToAppend(NewEvent(0, n))).ToList();
            var started = Stopwatch.GetTimestamp();
            await store.AppendAsync($"batch-{Guid.NewGuid():N}", ExpectedVersion.NoStream, events);
            if (i >= 20)
            {
                latencies.Add(Milliseconds(started, Stopwatch.GetTimestamp()));
            }
        }

        latencies.Sort();
        return (Percentile(latencies, 0.50), Percentile(latencies, 0.99));
    }
}
