using Joy.Application.EventStore;

namespace Joy.Tests.Store;

public class two_processes_consuming_one_subscription(StoreFixture fixture) : IClassFixture<StoreFixture>
{
    [Fact]
    public async Task only_one_is_active_and_the_other_takes_over_when_it_dies()
    {
        var first = new RecordingHandler("single");
        var second = new RecordingHandler("single");
        var firstRunner = fixture.Runner(first);
        var secondRunner = fixture.Runner(second);
        using var killFirst = new CancellationTokenSource();
        using var stopSecond = new CancellationTokenSource();
        var firstTask = firstRunner.RunAsync(killFirst.Token);
        await Eventually.TrueAsync(() => firstRunner.IsActive, null, "the first runner to take the subscription");
        var secondTask = secondRunner.RunAsync(stopSecond.Token);

        var before = await fixture.Store.AppendAsync("single-1", "counter", ExpectedVersion.NoStream, TestEvents.Increments(1, 2, 3, 4, 5));
        await fixture.WaitForCheckpointAsync("single", before.LastPosition);
        await Task.Delay(300); // several lock retries of the standby
        secondRunner.IsActive.ShouldBeFalse();
        first.Received.Count.ShouldBe(5);
        second.Received.ShouldBeEmpty();

        // The active process dies: its session (and the lock with it) is gone.
        await TerminateLockHoldersAsync();
        await killFirst.CancelAsync();
        await firstTask;
        await Eventually.TrueAsync(() => secondRunner.IsActive, null, "the standby to take over");

        var after = await fixture.Store.AppendAsync("single-2", "counter", ExpectedVersion.NoStream, TestEvents.Increments(6, 7));
        await fixture.WaitForCheckpointAsync("single", after.LastPosition);
        second.Received.Select(e => e.Data).ShouldBe(new object[] { new CounterIncremented(6), new CounterIncremented(7) });
        first.Received.Count.ShouldBe(5);

        await stopSecond.CancelAsync();
        await secondTask;
    }

    private async Task TerminateLockHoldersAsync()
    {
        await using var command = fixture.DataSource.CreateCommand("""
            SELECT count(pg_terminate_backend(l.pid))
              FROM pg_locks l
             WHERE l.locktype = 'advisory' AND l.granted
               AND l.database = (SELECT oid FROM pg_database WHERE datname = current_database())
            """);
        (await command.ExecuteScalarAsync()).ShouldBe(1L);
    }
}
