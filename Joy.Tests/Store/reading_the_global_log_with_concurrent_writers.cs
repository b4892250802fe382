using System.Collections.Concurrent;
using Joy.Application.EventStore;
using Microsoft.Extensions.DependencyInjection;
using Npgsql;

namespace Joy.Tests.Store;

/// <summary>
/// Gap safety: concurrent writers, some rolled back, some committing late, one holding its
/// transaction open while everything after it commits and then rolling back (which notifies
/// nobody). A subscription in Marten's daemon must see every committed event exactly once, in an
/// order that keeps every stream's versions ascending, and nothing held behind an open
/// transaction; paging the log by hand gives the same sequence.
/// </summary>
public class reading_the_global_log_with_concurrent_writers(reading_the_global_log_with_concurrent_writers.GapFixture fixture)
    : IClassFixture<reading_the_global_log_with_concurrent_writers.GapFixture>
{
    [Fact]
    public async Task a_subscriber_sees_every_committed_event_once_in_log_order()
    {
        var chaos = fixture.Services.GetRequiredService<ChaosProjection>();
        var store = fixture.Store;
        var handler = fixture.Services.GetRequiredService<RecordingHandler>();

        // Two transactions that take their ids first and stay open.
        var lateEvent = new EventToAppend(new CounterRenamed("commits late"));
        var lateCommit = store.AppendAsync("late-commit", ExpectedVersion.NoStream, [lateEvent]);
        await chaos.Held.WaitAsync();
        var lateRollback = store.AppendAsync("late-rollback", ExpectedVersion.NoStream, [new CounterRenamed("rolls back late")]);
        await chaos.Held.WaitAsync();

        var committed = new ConcurrentBag<Guid>();
        var writers = Enumerable.Range(0, 8).Select(writer => Task.Run(async () =>
        {
            var random = new Random(writer);
            for (var i = 0; i < 25; i++)
            {
                // Negative amounts make the chaos projection throw: the append rolls back.
                var events = Enumerable.Range(0, random.Next(1, 4))
                    .Select(_ => new EventToAppend(new CounterIncremented(random.Next(5) == 0 ? -1 : random.Next(1, 100))))
                    .ToList();
                try
                {
                    await store.AppendAsync($"shared-{random.Next(4)}", ExpectedVersion.Any, events);
                    foreach (var e in events)
                    {
                        committed.Add(e.Id);
                    }
                }
                catch (ChaosException)
                {
                }
            }
        })).ToList();
        await Task.WhenAll(writers);
        committed.Count.ShouldBeGreaterThan(100);

        // Everything written so far is behind the two open transactions: nothing may be delivered.
        await Task.Delay(300);
        handler.Received.ShouldBeEmpty();

        chaos.Release("late-commit");
        await lateCommit;
        await Eventually.TrueAsync(() => handler.Received.Count > 0, null, "the late commit to be delivered");
        handler.Received[0].Id.ShouldBe(lateEvent.Id);
        handler.Received.Count.ShouldBe(1); // the rest is still behind the other open transaction

        chaos.Release("late-rollback", fail: true);
        await Should.ThrowAsync<ChaosException>(lateRollback);
        await Eventually.TrueAsync(() => handler.Received.Count >= committed.Count + 1, TimeSpan.FromSeconds(30),
            "the rest to be delivered once the rolled-back gap is proven dead");
        await Task.Delay(300); // nothing more (no duplicate) may come

        var received = handler.Received;
        received.Select(e => e.Id).ShouldBe(committed.Append(lateEvent.Id), ignoreOrder: true);
        received.Select(e => e.Id).Distinct().Count().ShouldBe(received.Count);
        received.Zip(received.Skip(1)).ShouldAllBe(pair => pair.First.Position < pair.Second.Position);
        foreach (var stream in received.GroupBy(e => e.StreamId))
        {
            stream.Select(e => e.Version).ShouldBe(Enumerable.Range(1, stream.Count()).Select(v => (long)v));
        }

        // Paging the log by hand gives the same sequence.
        var paged = new List<StoredEvent>();
        var page = await store.ReadAllAsync(GlobalPosition.Start, maxCount: 11);
        while (page.Events.Count > 0)
        {
            paged.AddRange(page.Events);
            page = await store.ReadAllAsync(page.Next, maxCount: 11);
        }

        paged.Select(e => e.Id).ShouldBe(received.Select(e => e.Id));
    }

    public sealed class GapFixture : StoreFixture
    {
        protected override void Configure(IServiceCollection services) => services
            .AddJoyInlineProjection<ChaosProjection>()
            .AddDaemonSubscription(new RecordingHandler("gap-safety"));
    }

    private sealed class ChaosException() : Exception("chaos: roll this append back");

    /// <summary>
    /// Inline projection that makes transactions misbehave: random delays before commit, a throw
    /// for negative amounts, and a hold on streams named late-* until the test releases them.
    /// </summary>
    public sealed class ChaosProjection : IInlineProjection
    {
        private readonly ConcurrentDictionary<string, TaskCompletionSource<bool>> _releases = new();

        /// <summary>Released once per held transaction, after its events are inserted (it has its id).</summary>
        public SemaphoreSlim Held { get; } = new(0);

        public void Release(string stream, bool fail = false) => _releases[stream].SetResult(fail);

        public async Task ApplyAsync(NpgsqlConnection connection, NpgsqlTransaction transaction, IReadOnlyList<StoredEvent> events, CancellationToken cancellationToken)
        {
            var stream = events[0].StreamId;
            if (stream.StartsWith("late-", StringComparison.Ordinal))
            {
                var release = _releases.GetOrAdd(stream, _ => new TaskCompletionSource<bool>(TaskCreationOptions.RunContinuationsAsynchronously));
                Held.Release();
                if (await release.Task)
                {
                    throw new ChaosException();
                }

                return;
            }

            if (events.Any(e => e.Data is CounterIncremented { Amount: < 0 }))
            {
                throw new ChaosException();
            }

            await Task.Delay(Random.Shared.Next(0, 8), cancellationToken);
        }
    }
}
