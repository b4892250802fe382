using System.Text.Json.Nodes;
using Joy.Tests.Instances;
using Joy.Tests.Store;

namespace Joy.Tests.Schedules;

/// <summary>
/// Two real service processes on one database fire a two-second schedule: every tick once, from one of them; the firing
/// process SIGKILLed, the other takes over within the failover window and nothing is lost or fired twice.
/// </summary>
[Collection(Failovers.Name)]
public sealed class firing_from_two_processes(ScheduleHost host) : IClassFixture<ScheduleHost>
{
    private static readonly TimeSpan Failover = TimeSpan.FromSeconds(5);
    private const string FiringLine = "Firing schedules from this process";

    /// <summary>The agent may start on one process and move when the other joins: firing is having started it more often than stopped.</summary>
    private static bool Firing(ServiceProcess process) => process.Count(FiringLine) > process.Count("Stopped firing schedules from this process");

    [Fact]
    public async Task every_tick_fires_once_and_a_killed_firing_process_is_replaced_within_five_seconds()
    {
        await host.StopHostsAsync(); // the fixture's in-memory process would be a third candidate for firing
        await using var first = await ServiceProcess.StartAsync(host);
        await using var second = await ServiceProcess.StartAsync(host);
        using var client = first.CreateClient();
        await Eventually.TrueAsync(() => Firing(first) || Firing(second), TimeSpan.FromSeconds(60), "a process to fire");
        var created = await ScheduleHost.PutAsync(client, "every-two", "*/2 * * * * *");
        var defined = created["createdAt"]!.GetValue<DateTimeOffset>(); // ticks count from the moment the server stored it

        await Task.Delay(TimeSpan.FromSeconds(20));
        var (firing, survivor) = Firing(first) ? (first, second) : (second, first);
        Firing(survivor).ShouldBeFalse("both processes fire");
        await firing.KillAsync();
        var killedAt = DateTimeOffset.UtcNow;
        await Eventually.TrueAsync(() => Firing(survivor), TimeSpan.FromSeconds(30), "the survivor to take over");
        await Task.Delay(TimeSpan.FromSeconds(6));
        using var survivorClient = survivor.CreateClient();
        await ScheduleHost.PostAsync(survivorClient, "every-two", "pause");
        var paused = DateTimeOffset.UtcNow;
        // A fire that started its tick's instance just before the pause records it on its retry, after the pause:
        // every started instance is recorded once that settles.
        await Eventually.TrueAsync(async () => (await host.InstancesByKeyAsync("every-two")).Count == (await host.FiresAsync("every-two")).Count,
            TimeSpan.FromSeconds(10), "every instance the schedule started to be recorded as a fire");

        var fires = await host.FiresAsync("every-two");
        var ticks = fires.Select(f => f.Tick).ToList();
        ticks.ShouldBe(ticks.Distinct().ToList(), "a tick recorded twice");
        fires.ShouldAllBe(f => f.Outcome == "Started");
        ticks[0].ShouldBeInRange(defined.AddSeconds(-1), defined.AddSeconds(2)); // the first tick after it was defined
        var expected = Enumerable.Range(0, 100).Select(i => ticks[0].AddSeconds(2 * i)).Where(t => t <= ticks[^1]).ToList();
        ticks.ShouldBe(expected, "every tick from the first to the last fire, once each");
        ticks[^1].ShouldBeGreaterThan(killedAt.AddSeconds(4));
        (await host.InstancesByKeyAsync("every-two")).Count.ShouldBe(ticks.Count);
        var firstAfterKill = fires.Where(f => f.At > killedAt).Min(f => f.At);
        (firstAfterKill - killedAt).ShouldBeLessThan(Failover, survivor.Output);
        fires.Where(f => f.Tick > killedAt.AddSeconds(1) && f.Tick < paused.AddSeconds(-1)).ShouldAllBe(f => f.At - f.Tick < Failover);
    }
}
