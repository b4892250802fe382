using Joy.Application.EventStore;

namespace Joy.Tests.Store;

public class a_subscriber_killed_mid_batch(StoreFixture fixture) : IClassFixture<StoreFixture>
{
    [Fact]
    public async Task resumes_from_its_checkpoint_without_losing_events()
    {
        var written = new List<StoredEvent>();
        for (var stream = 0; stream < 3; stream++)
        {
            await fixture.Store.AppendAsync($"crash-{stream}", "counter", ExpectedVersion.NoStream, TestEvents.Increments(1, 2, 3, 4, 5, 6, 7, 8, 9, 10));
        }

        // The log is readable once no older transaction anywhere in the cluster is still open.
        await Eventually.TrueAsync(async () => (await fixture.Store.ReadAllAsync(GlobalPosition.Start, 100)).Events.Count == 30,
            null, "the appends to be readable from the log");
        written.AddRange((await fixture.Store.ReadAllAsync(GlobalPosition.Start, 100)).Events);

        // Dies in its second batch after handling 4 of its 10 events.
        using var kill = new CancellationTokenSource();
        var crashing = new RecordingHandler("crash", async (stored, ct) =>
        {
            if (stored.Id == written[13].Id)
            {
                await kill.CancelAsync();
                await Task.Delay(Timeout.Infinite, ct);
            }
        });
        await fixture.Runner(crashing, batchSize: 10).RunAsync(kill.Token);

        crashing.Received.Select(e => e.Id).ShouldBe(written.Take(14).Select(e => e.Id));
        (await fixture.Checkpoints.LoadAsync("crash")).ShouldBe(written[9].Position);

        // The next process resumes from the checkpoint: the unfinished batch again, then the rest.
        var resumed = new RecordingHandler("crash");
        using var stop = new CancellationTokenSource();
        var runner = fixture.Runner(resumed, batchSize: 10).RunAsync(stop.Token);
        await fixture.WaitForCheckpointAsync("crash", written[^1].Position);
        await stop.CancelAsync();
        await runner;

        resumed.Received.Select(e => e.Id).ShouldBe(written.Skip(10).Select(e => e.Id));
        crashing.Received.Concat(resumed.Received).Select(e => e.Id).Distinct().ShouldBe(written.Select(e => e.Id), ignoreOrder: true);
    }
}
