using System.Text.Json.Nodes;
using Joy.Tests.Store;

namespace Joy.Tests.Schedules;

/// <summary>The console's actions: pause (nothing fires), resume (ticks from then on), trigger (one fire now), backfill (past ticks once each).</summary>
public sealed class pausing_triggering_and_backfilling(ScheduleHost host) : IClassFixture<ScheduleHost>
{
    [Fact]
    public async Task a_paused_schedule_fires_nothing_until_resumed_and_a_trigger_fires_it_once()
    {
        await ScheduleHost.PutAsync(host.Client, "pausable", "* * * * * *", extra: new JsonObject { ["paused"] = true, ["overlap"] = "Allow" });
        await Task.Delay(TimeSpan.FromSeconds(3));
        (await host.FiresAsync("pausable")).ShouldBeEmpty();

        var triggered = await ScheduleHost.PostAsync(host.Client, "pausable", "trigger");
        var fire = triggered["recentFires"]!.AsArray().Single()!;
        fire["kind"]!.GetValue<string>().ShouldBe("Trigger");
        fire["outcome"]!.GetValue<string>().ShouldBe("Started");
        await Task.Delay(TimeSpan.FromSeconds(2));
        (await host.FiresAsync("pausable")).Count.ShouldBe(1);

        var resumedAt = DateTimeOffset.UtcNow;
        await ScheduleHost.PostAsync(host.Client, "pausable", "resume");
        await Eventually.TrueAsync(async () => (await host.FiresAsync("pausable")).Count(f => f.Kind == "Cron") >= 2, TimeSpan.FromSeconds(30), "cron fires");
        await ScheduleHost.PostAsync(host.Client, "pausable", "pause");
        (await host.FiresAsync("pausable")).Where(f => f.Kind == "Cron").ShouldAllBe(f => f.Tick > resumedAt.AddSeconds(-1));
    }

    [Fact]
    public async Task a_backfill_fires_each_past_tick_once_even_when_asked_twice()
    {
        await ScheduleHost.PutAsync(host.Client, "backfilled", "*/10 * * * * *", extra: new JsonObject { ["paused"] = true });
        var to = DateTimeOffset.UtcNow.AddSeconds(-1);
        var from = to.AddSeconds(-60);
        var body = new JsonObject { ["from"] = from, ["to"] = to, ["overlap"] = "Allow" };

        var first = (await ScheduleHost.PostAsync(host.Client, "backfilled", "backfill", body))["fires"]!.AsArray();
        var again = (await ScheduleHost.PostAsync(host.Client, "backfilled", "backfill", body))["fires"]!.AsArray();

        first.Count.ShouldBe(6);
        first.ShouldAllBe(f => f!["outcome"]!.GetValue<string>() == "Started" && f["kind"]!.GetValue<string>() == "Backfill");
        first.Select(f => f!["tick"]!.GetValue<DateTimeOffset>()).ShouldAllBe(t => t.Second % 10 == 0 && t >= from && t <= to);
        again.Count.ShouldBe(6);
        again.ShouldAllBe(f => f!["outcome"]!.GetValue<string>() == "Skipped" && f["reason"]!.GetValue<string>().Contains("already started"));
        (await host.InstancesByKeyAsync("backfilled")).Count.ShouldBe(6);
    }
}
