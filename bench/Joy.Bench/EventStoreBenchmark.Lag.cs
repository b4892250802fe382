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

    private sealed record LagResult(double Rate, double Seconds, int Count, double P50, double P99, double Max, FeedLag Feed, double AppendP50, double AppendP99);

    private sealed record FeedLag(int Count, double P50, double P99, double Max);

    /// <summary>
    /// Appends single events at a steady <see cref="LagRate"/>/s from <see cref="LagWriters"/> writers while a
    /// subscription in Marten's daemon and a live-feed follower consume them; lag = time seen - time
    /// before the append. The host's database is fresh, so both start at an empty log.
    /// </summary>
    private static async Task<LagResult> MeasureLagAsync(IServiceProvider services, LagHandler handler)
    {
        var store = services.GetRequiredService<IEventStore>();
        var follower = services.GetRequiredService<EventFeedFollower>();
        var start = Stopwatch.GetTimestamp();
        var total = (int)(LagRate * LagDuration.TotalSeconds);
        var feedLags = new List<double>();
        using var stopFeed = new CancellationTokenSource();
        var feed = Task.Run(async () =>
        {
            var after = await services.GetRequiredService<EventFeedReader>().EndAsync();
            var query = new EventFeedQuery(after, EventFeedQuery.MaxLimit, [], [], ["bench.event"]);
            try
            {
                await foreach (var stored in follower.FollowAsync(query, stopFeed.Token))
                {
                    if (stored?.Data is BenchEvent e && e.SentAt > start)
                    {
                        feedLags.Add(Milliseconds(e.SentAt, Stopwatch.GetTimestamp()));
                    }
                }
            }
            catch (OperationCanceledException)
            {
            }
        });
        handler.Since = start;
        var appendTimes = new ConcurrentBag<double>();
        var next = -1;
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

                var before = Stopwatch.GetTimestamp();
                await store.AppendAsync($"lag-{w}", ExpectedVersion.Exact(version), [new EventToAppend(NewEvent(w, i))]);
                appendTimes.Add(Milliseconds(before, Stopwatch.GetTimestamp()));
                version++;
            }
        }));
        await Task.WhenAll(writers);
        var seconds = Milliseconds(start, Stopwatch.GetTimestamp()) / 1000;
        var deadline = DateTime.UtcNow.AddSeconds(10);
        while ((handler.Lags.Count < total || feedLags.Count < total) && DateTime.UtcNow < deadline)
        {
            await Task.Delay(10);
        }

        await stopFeed.CancelAsync();
        await feed;
        var lags = handler.Lags.ToList();
        lags.Sort();
        feedLags.Sort();
        var appends = appendTimes.ToList();
        appends.Sort();
        return new LagResult(total / seconds, seconds, lags.Count, Percentile(lags, 0.50), Percentile(lags, 0.99), lags.Count > 0 ? lags[^1] : double.NaN,
            new FeedLag(feedLags.Count, Percentile(feedLags, 0.50), Percentile(feedLags, 0.99), feedLags.Count > 0 ? feedLags[^1] : double.NaN),
            Percentile(appends, 0.50), Percentile(appends, 0.99));
    }

    /// <summary>A Marten subscription in the async daemon that times each bench event from its send.</summary>
    private sealed class LagHandler : SubscriptionBase
    {
        public LagHandler() => Name = "bench-lag";

        public ConcurrentBag<double> Lags { get; } = [];

        /// <summary>Events sent before this (the throughput and batch parts) are not measured.</summary>
        public long Since { get; set; } = long.MaxValue;

        public override Task<IChangeListener> ProcessEventsAsync(
            EventRange page, ISubscriptionController controller, IDocumentOperations operations, CancellationToken cancellationToken)
        {
            var now = Stopwatch.GetTimestamp();
            foreach (var stored in page.Events)
            {
                if (stored.Data is BenchEvent e && e.SentAt > Since)
                {
                    Lags.Add(Milliseconds(e.SentAt, now));
                }
            }

            return Task.FromResult<IChangeListener>(NullChangeListener.Instance);
        }
    }
}
