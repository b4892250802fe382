using System.Collections.Concurrent;
using System.Diagnostics;
using JasperFx.Events.Daemon;
using JasperFx.Events.Projections;
using Joy.Application.EventStore;
using Joy.Application.Queries.Feed;
using Marten;
using Marten.Subscriptions;
using Microsoft.Extensions.DependencyInjection;
using Npgsql;

namespace Joy.Bench;

public static partial class EventStoreBenchmark
{
    private const int LagRate = 1000;
    private const int LagWriters = 16; // enough that a slow append does not hold the pace back
    private static readonly TimeSpan LagDuration = TimeSpan.FromSeconds(10);
    private static readonly TimeSpan LagWarmUp = TimeSpan.FromSeconds(3);

    private sealed record LagResult(double Rate, double Seconds, int Count, double P50, double P99, double Max, FeedLag Feed, double AppendP50, double AppendP99);

    private sealed record FeedLag(int Count, double P50, double P99, double Max);

    /// <summary>
    /// Appends single events at a steady <see cref="LagRate"/>/s from <see cref="LagWriters"/> writers while a
    /// subscription in Marten's daemon and a live-feed follower consume them; lag = time seen - time
    /// before the append. A warm-up at the same pace comes first and is not measured.
    /// </summary>
    private static async Task<LagResult> MeasureLagAsync(IServiceProvider services, LagHandler handler, DaemonTrace? trace)
    {
        var store = services.GetRequiredService<IEventStore>();
        var follower = services.GetRequiredService<EventFeedFollower>();
        var versions = new long[LagWriters];
        var feedLags = new List<double>();
        var measureFrom = long.MaxValue; // the feed times only events sent after the warm-up
        using var stopFeed = new CancellationTokenSource();
        var feed = Task.Run(async () =>
        {
            var after = await services.GetRequiredService<EventFeedReader>().EndAsync();
            var query = new EventFeedQuery(after, EventFeedQuery.MaxLimit, [], [], ["bench.event"]);
            try
            {
                await foreach (var stored in follower.FollowAsync(query, stopFeed.Token))
                {
                    if (stored?.Data is BenchEvent e && e.SentAt > Volatile.Read(ref measureFrom))
                    {
                        feedLags.Add(Milliseconds(e.SentAt, Stopwatch.GetTimestamp()));
                    }
                }
            }
            catch (OperationCanceledException)
            {
            }
        });

        // Warm-up at the same pace, not measured: the daemon elects its leader and starts its agents,
        // the writers open their connections and the code is jitted, so the figures are the steady state.
        await PaceAsync(store, versions, (int)(LagRate * LagWarmUp.TotalSeconds), Stopwatch.GetTimestamp());
        await WaitUntilAsync(() => handler.Seen >= (int)(LagRate * LagWarmUp.TotalSeconds), TimeSpan.FromSeconds(30));

        var start = Stopwatch.GetTimestamp();
        var total = (int)(LagRate * LagDuration.TotalSeconds);
        Volatile.Write(ref measureFrom, start);
        handler.Since = start;
        trace?.Start();
        var appendTimes = await PaceAsync(store, versions, total, start);
        var seconds = Milliseconds(start, Stopwatch.GetTimestamp()) / 1000;
        await WaitUntilAsync(() => handler.Lags.Count >= total && feedLags.Count >= total, TimeSpan.FromSeconds(10));
        trace?.Stop();

        await stopFeed.CancelAsync();
        await feed;
        var lags = handler.Lags.ToList();
        lags.Sort();
        feedLags.Sort();
        appendTimes.Sort();
        return new LagResult(total / seconds, seconds, lags.Count, Percentile(lags, 0.50), Percentile(lags, 0.99), lags.Count > 0 ? lags[^1] : double.NaN,
            new FeedLag(feedLags.Count, Percentile(feedLags, 0.50), Percentile(feedLags, 0.99), feedLags.Count > 0 ? feedLags[^1] : double.NaN),
            Percentile(appendTimes, 0.50), Percentile(appendTimes, 0.99));
    }

    /// <summary>
    /// <paramref name="count"/> single-event appends, the i-th due at <paramref name="start"/> + i / rate, from
    /// <see cref="LagWriters"/> writers each continuing its own stream; returns each append's latency.
    /// </summary>
    private static async Task<List<double>> PaceAsync(IEventStore store, long[] versions, int count, long start)
    {
        var appendTimes = new ConcurrentBag<double>();
        var next = -1;
        await Task.WhenAll(Enumerable.Range(0, LagWriters).Select(w => Task.Run(async () =>
        {
            for (var i = Interlocked.Increment(ref next); i < count; i = Interlocked.Increment(ref next))
            {
                var due = start + (long)(i * (double)Stopwatch.Frequency / LagRate);
                var wait = Milliseconds(Stopwatch.GetTimestamp(), due);
                if (wait > 1)
                {
                    await Task.Delay(TimeSpan.FromMilliseconds(wait));
                }

                var before = Stopwatch.GetTimestamp();
                await store.AppendAsync($"lag-{w}", ExpectedVersion.Exact(versions[w]), [new EventToAppend(NewEvent(w, i))]);
                appendTimes.Add(Milliseconds(before, Stopwatch.GetTimestamp()));
                versions[w]++;
            }
        })));
        return appendTimes.ToList();
    }

    private static async Task WaitUntilAsync(Func<bool> done, TimeSpan timeout)
    {
        var deadline = DateTime.UtcNow + timeout;
        while (!done() && DateTime.UtcNow < deadline)
        {
            await Task.Delay(10);
        }
    }

    /// <summary>A Marten subscription in the async daemon that times each bench event from its send.</summary>
    private sealed class LagHandler : SubscriptionBase
    {
        public LagHandler() => Name = "bench-lag";

        private int _seen;

        /// <summary>Bench events seen, warm-up included.</summary>
        public int Seen => Volatile.Read(ref _seen);

        public ConcurrentBag<double> Lags { get; } = [];

        /// <summary>Events sent before this (the throughput and batch parts) are not measured.</summary>
        public long Since { get; set; } = long.MaxValue;

        public override Task<IChangeListener> ProcessEventsAsync(
            EventRange page, ISubscriptionController controller, IDocumentOperations operations, CancellationToken cancellationToken)
        {
            var now = Stopwatch.GetTimestamp();
            foreach (var stored in page.Events)
            {
                if (stored.Data is BenchEvent)
                {
                    Interlocked.Increment(ref _seen);
                }

                if (stored.Data is BenchEvent e && e.SentAt > Since)
                {
                    Lags.Add(Milliseconds(e.SentAt, now));
                }
            }

            return Task.FromResult<IChangeListener>(NullChangeListener.Instance);
        }
    }
}
