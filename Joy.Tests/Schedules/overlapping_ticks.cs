using System.Text.Json.Nodes;
using Joy.Tests.Instances;
using Joy.Tests.Store;

namespace Joy.Tests.Schedules;

/// <summary>Each overlap policy against an actor that runs 5 s on a two-second schedule.</summary>
public sealed class overlapping_ticks(ScheduleHost host) : IClassFixture<ScheduleHost>
{
    private static readonly TimeSpan Long = TimeSpan.FromSeconds(90);

    private async Task<List<ScheduleHost.Fire>> RunAsync(string name, string policy, Func<List<ScheduleHost.Fire>, bool> enough)
    {
        await ScheduleHost.PutAsync(host.Client, name, "*/2 * * * * *", "slow", new JsonObject { ["overlap"] = policy });
        await Eventually.TrueAsync(async () => enough(await host.FiresAsync(name)), Long, $"{policy} to show itself");
        await ScheduleHost.PostAsync(host.Client, name, "pause");
        return await host.FiresAsync(name);
    }

    [Fact]
    public async Task skip_starts_nothing_while_the_last_one_runs()
    {
        var fires = await RunAsync("skip", "Skip", f => f.Count(x => x.Outcome == "Started") >= 2);

        var started = fires.Where(f => f.Outcome == "Started").ToList();
        var skipped = fires.Where(f => f.Outcome == "Skipped").ToList();
        skipped.Count.ShouldBeGreaterThanOrEqualTo(1);
        skipped.ShouldAllBe(f => f.Reason!.Contains(started[0].InstanceId!) || f.Reason!.Contains("still running"));
        (started[1].Tick - started[0].Tick).ShouldBeGreaterThanOrEqualTo(TimeSpan.FromSeconds(ScheduleHost.SlowSeconds));
    }

    [Fact]
    public async Task allow_runs_them_side_by_side()
    {
        var fires = await RunAsync("allow", "Allow", f => f.Count(x => x.Outcome == "Started") >= 3);

        fires.ShouldAllBe(f => f.Outcome == "Started");
        var running = await Task.WhenAll(fires.Take(3).Select(f => Instances.Instances.GetAsync(host.Client, f.InstanceId!)));
        (fires[2].Tick - fires[0].Tick).ShouldBeLessThan(TimeSpan.FromSeconds(ScheduleHost.SlowSeconds));
        running.Select(i => i.Status()).ShouldNotBeEmpty();
    }

    [Fact]
    public async Task buffer_one_fires_the_kept_tick_when_the_last_one_ends()
    {
        var fires = await RunAsync("buffer", "BufferOne", f => f.Any(x => x.Kind == "Buffered"));

        var buffered = fires.First(f => f.Outcome == "Buffered");
        var firedLater = fires.First(f => f.Kind == "Buffered");
        firedLater.Tick.ShouldBe(buffered.Tick);
        firedLater.Outcome.ShouldBe("Started");
        var previous = await Instances.Instances.GetAsync(host.Client, fires.First(f => f.Outcome == "Started").InstanceId!);
        previous["finishedAt"]!.GetValue<DateTimeOffset>().ShouldBeLessThanOrEqualTo(firedLater.At);
        fires.Where(f => f.Outcome == "Skipped").ShouldAllBe(f => f.Reason!.Contains("already waits"));
    }

    [Fact]
    public async Task cancel_previous_cancels_the_running_one_first()
    {
        var fires = await RunAsync("cancel", "CancelPrevious", f => f.Count(x => x.Reason?.Contains("cancelled") == true) >= 1);

        var replacing = fires.First(f => f.Reason?.Contains("cancelled") == true);
        var replaced = fires.Single(f => f.Outcome == "Started" && replacing.Reason!.Contains(f.InstanceId!));
        (await Instances.Instances.WaitAsync(host.Client, replaced.InstanceId!, Long)).Status().ShouldBe("Cancelled");
    }
}
