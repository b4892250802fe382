using Joy.Tests.Store;

namespace Joy.Tests.Schedules;

/// <summary>
/// Every process down for 10 s: when one starts again, the ticks missed within the catch-up window fire once each, late,
/// and the older ones are recorded as missed, with the reason, in one record.
/// </summary>
public sealed class catching_up_after_a_stop(ScheduleHost host) : IClassFixture<ScheduleHost>
{
    [Fact]
    public async Task ticks_within_the_window_fire_late_and_older_ones_are_recorded_as_missed()
    {
        await ScheduleHost.PutAsync(host.Client, "catch-up", "*/2 * * * * *", extra: new() { ["catchupWindowSeconds"] = 5 });
        await Eventually.TrueAsync(async () => (await host.FiresAsync("catch-up")).Count >= 2, TimeSpan.FromSeconds(30), "two fires");

        await host.StopHostsAsync();
        var stoppedAt = DateTimeOffset.UtcNow;
        var before = await host.FiresAsync("catch-up");
        await Task.Delay(TimeSpan.FromSeconds(10));
        var startedAt = DateTimeOffset.UtcNow;
        await host.StartHostAsync();
        await Eventually.TrueAsync(async () => (await host.FiresAsync("catch-up")).Any(f => f.Kind == "Cron" && f.Tick > startedAt.AddSeconds(2)),
            TimeSpan.FromSeconds(60), "fires on time after the restart");

        var after = (await host.FiresAsync("catch-up")).Skip(before.Count).ToList();
        var missed = after[0];
        missed.Outcome.ShouldBe("Missed");
        missed.Reason!.ShouldContain("5 s");
        var caughtUp = after.Where(f => f.Kind == "CatchUp").ToList();
        caughtUp.ShouldNotBeEmpty();
        // Firing resumed at some moment between the restart and the first record after it: ticks older than the window
        // then are missed, younger ones caught up.
        caughtUp.ShouldAllBe(f => f.Outcome == "Started" && f.Tick >= startedAt.AddSeconds(-5));
        missed.Tick.ShouldBeLessThan(missed.At.AddSeconds(-5));
        missed.Tick.ShouldBeLessThan(caughtUp[0].Tick);
        var down = (int)((caughtUp[^1].Tick - before[^1].Tick).TotalSeconds / 2);
        (missed.Count + caughtUp.Count).ShouldBe(down, "every tick while down, missed or caught up, once");
        (missed.Tick - stoppedAt).ShouldBeLessThan(TimeSpan.FromSeconds(10));
        var ticks = (await host.FiresAsync("catch-up")).Where(f => f.Outcome != "Missed").Select(f => f.Tick).ToList();
        ticks.ShouldBe(ticks.Distinct().ToList());
    }
}
