using System.Collections.Concurrent;
using System.Diagnostics;
using Joy.Application.EventStore;
using Joy.Application.Subscriptions;
using Microsoft.Extensions.Logging.Abstractions;
using Npgsql;

namespace Joy.Bench;

public static partial class EventStoreBenchmark
{
    private const int LagRate = 1000;
    private const int LagWriters = 16; // enough that a slow append does not hold the pace back
    private static readonly TimeSpan LagDuration = TimeSpan.FromSeconds(10);

    private sealed record LagResult(double Rate, double Seconds, int Count, double P50, double P99, double Max, double OldestForeignWriteMs);

    /// <summary>
    /// Appends single events at a steady <see cref="LagRate"/>/s from <see cref="LagWriters"/> writers while a subscription
    /// (LISTEN/NOTIFY, held-back re-check) consumes them; lag = handler time - time before the append.
    /// In a schema of its own so the subscription starts at an empty log.
    /// </summary>
    private static async Task<LagResult> MeasureLagAsync(NpgsqlDataSource dataSource)
    {
        var options = new EventStoreOptions { Schema = "joy_lag" };
        await new SchemaMigrator(dataSource, options).MigrateAsync();
        var types = new EventTypeMap().Register<BenchEvent>();
        var store = new PostgresEventStore(dataSource, types, options);
        var checkpoints = new SubscriptionCheckpoints(dataSource, options);
        var handler = new LagHandler();
        var runner = new SubscriptionRunner(new HandlerBatchProcessor(handler, checkpoints), dataSource, store, checkpoints,
            options, new SubscriptionOptions(), NullLogger<SubscriptionRunner>.Instance);
        using var stop = new CancellationTokenSource();
        var running = runner.RunAsync(stop.Token);
        while (!runner.IsActive)
        {
            await Task.Delay(10);
        }

        // The log is held back by any write transaction in the cluster: sample how old the oldest
        // one outside this run was, so a lag spike caused by someone else's long transaction shows.
        var oldestForeignWrite = 0.0;
        using var sampling = new CancellationTokenSource();
        var sampler = Task.Run(async () =>
        {
            await using var command = dataSource.CreateCommand(
                "SELECT coalesce(max(extract(epoch FROM clock_timestamp() - xact_start)) * 1000, 0)::float8 " +
                "FROM pg_stat_activity WHERE backend_xid IS NOT NULL AND datname IS DISTINCT FROM current_database()");
            while (!sampling.IsCancellationRequested)
            {
                oldestForeignWrite = Math.Max(oldestForeignWrite, (double)(await command.ExecuteScalarAsync())!);
                await Task.Delay(50);
            }
        });

        var total = (int)(LagRate * LagDuration.TotalSeconds);
        var next = -1;
        var start = Stopwatch.GetTimestamp();
        var writers = Enumerable.Range(0, LagWriters).Select(w => Task.Run(async () =>
        {
            long version = 0;
            for (var i = Interlocked.Increment(ref next); i < total; i = Interlocked.Increment(ref next))
            {
                var due = start + (long)(i * (double)Stopwatch.Frequency / LagRate);
                var wait = Milliseconds(Stopwatch.GetTimestamp(), due);
                if (wait > 1)
                {
                    await Task.Delay(TimeSpan.FromMilliseconds(wait));
                }

                await store.AppendAsync($"lag-{w}", "bench", ExpectedVersion.Exact(version), [new EventToAppend(NewEvent(w, i))]);
                version++;
            }
        }));
        await Task.WhenAll(writers);
        var seconds = Milliseconds(start, Stopwatch.GetTimestamp()) / 1000;
        var deadline = DateTime.UtcNow.AddSeconds(10);
        while (handler.Lags.Count < total && DateTime.UtcNow < deadline)
        {
            await Task.Delay(10);
        }

        await stop.CancelAsync();
        await running;
        await sampling.CancelAsync();
        await sampler;
        var lags = handler.Lags.ToList();
        lags.Sort();
        return new LagResult(total / seconds, seconds, lags.Count, Percentile(lags, 0.50), Percentile(lags, 0.99), lags.Count > 0 ? lags[^1] : double.NaN, oldestForeignWrite);
    }

    private sealed class LagHandler : ISubscriptionHandler
    {
        public ConcurrentBag<double> Lags { get; } = [];

        public string Name => "bench-lag";

        public Task HandleAsync(IReadOnlyList<StoredEvent> events, CancellationToken cancellationToken)
        {
            var now = Stopwatch.GetTimestamp();
            foreach (var stored in events)
            {
                Lags.Add(Milliseconds(((BenchEvent)stored.Data).SentAt, now));
            }

            return Task.CompletedTask;
        }
    }
}
