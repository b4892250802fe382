using Joy.Application.EventStore;
using Joy.Application.Queries;
using Joy.Application.Queries.Feed;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Npgsql;

namespace Joy.Tests.Store;

/// <summary>
/// The live feed and a late committer: an append that took its sequence number and holds its
/// transaction open while later appends commit. The feed must deliver nothing past it while it is
/// open (that would skip it for good), then, once it commits, the late event and everything after
/// it, in sequence order, each once.
/// </summary>
public class following_the_feed_past_a_late_commit(following_the_feed_past_a_late_commit.FeedFixture fixture)
    : IClassFixture<following_the_feed_past_a_late_commit.FeedFixture>
{
    [Fact]
    public async Task delivers_nothing_past_it_while_it_is_open_then_everything_once_in_order()
    {
        var holder = fixture.Services.GetRequiredService<HoldingProjection>();
        var follower = fixture.Services.GetRequiredService<EventFeedFollower>();
        var from = await fixture.Services.GetRequiredService<EventFeedReader>().EndAsync();
        using var stop = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        var delivered = new List<StoredEvent>();
        var following = Task.Run(async () =>
        {
            try
            {
                await FollowAsync();
            }
            catch (OperationCanceledException) when (stop.IsCancellationRequested)
            {
                // stopped in the middle of a read
            }
        });

        async Task FollowAsync()
        {
            await foreach (var stored in follower.FollowAsync(new EventFeedQuery(from, 100, [], [], []), stop.Token))
            {
                if (stored is not null)
                {
                    lock (delivered)
                    {
                        delivered.Add(stored);
                    }
                }
            }
        }

        var late = new EventToAppend(new CounterRenamed("commits late"));
        var lateAppend = fixture.Store.AppendAsync($"{HoldingProjection.Prefix}{Guid.NewGuid():N}", ExpectedVersion.NoStream, [late]);
        (await holder.Held.WaitAsync(TimeSpan.FromSeconds(30))).ShouldBeTrue("the late append to hold its transaction");
        var after = new List<Guid>();
        for (var i = 0; i < 5; i++)
        {
            var e = new EventToAppend(new CounterIncremented(i));
            await fixture.Store.AppendAsync($"after-late-{i}", ExpectedVersion.NoStream, [e]);
            after.Add(e.Id);
        }

        await Task.Delay(TimeSpan.FromSeconds(1)); // several daemon and feed polls
        Snapshot().ShouldBeEmpty();

        holder.Release.SetResult();
        await lateAppend;
        await Eventually.TrueAsync(() => Snapshot().Count >= 6, TimeSpan.FromSeconds(30), "the late event and the five after it");
        await Task.Delay(300); // nothing more (no duplicate) may come
        await stop.CancelAsync();
        await following;

        var ids = Snapshot().Select(e => e.Id).ToList();
        ids.ShouldBe([late.Id, .. after]);
        Snapshot().Select(e => e.Sequence).ShouldBe(Snapshot().Select(e => e.Sequence).Order());

        List<StoredEvent> Snapshot()
        {
            lock (delivered)
            {
                return delivered.ToList();
            }
        }
    }

    public sealed class FeedFixture : StoreFixture
    {
        protected override void Configure(IServiceCollection services)
        {
            services.AddJoyQueries(new ConfigurationBuilder().Build());
            services.AddJoyInlineProjection<HoldingProjection>();
        }
    }

    /// <summary>Holds the transaction of an append to a late-* stream, after its events are written, until released.</summary>
    public sealed class HoldingProjection : IInlineProjection
    {
        public const string Prefix = "late-";

        public SemaphoreSlim Held { get; } = new(0);

        public TaskCompletionSource Release { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

        public async Task ApplyAsync(NpgsqlConnection connection, NpgsqlTransaction transaction, IReadOnlyList<StoredEvent> events, CancellationToken cancellationToken)
        {
            if (events.Any(e => e.StreamId.StartsWith(Prefix, StringComparison.Ordinal)))
            {
                Held.Release();
                await Release.Task;
            }
        }
    }
}
