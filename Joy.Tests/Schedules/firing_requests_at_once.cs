using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;

namespace Joy.Tests.Schedules;

/// <summary>
/// Requests at once race for the schedule's next version; the loser of each round is decided again on what the winner
/// recorded (the error policies of ScheduleFiring and ScheduleDecisions), so every request gets its fire or change and none is a 409.
/// </summary>
public sealed class firing_requests_at_once(ScheduleHost host) : IClassFixture<ScheduleHost>
{
    private const int Triggers = 4;

    [Fact]
    public async Task concurrent_triggers_and_resumes_each_succeed_and_every_trigger_records_one_started_fire()
    {
        await ScheduleHost.PutAsync(host.Client, "triggered-at-once", "0 0 1 1 *", extra: new JsonObject { ["paused"] = true, ["overlap"] = "Allow" });

        var statuses = await AllAtOnceAsync(
            [.. Enumerable.Range(0, Triggers).SelectMany(_ => new[] { Post("triggered-at-once", "resume"), Post("triggered-at-once", "trigger") })]);

        statuses.ShouldAllBe(s => s == HttpStatusCode.OK, string.Join(", ", statuses));
        var fires = await host.FiresAsync("triggered-at-once");
        fires.Count.ShouldBe(Triggers);
        fires.ShouldAllBe(f => f.Kind == "Trigger" && f.Outcome == "Started");
        var schedule = await ScheduleHost.GetAsync(host.Client, "triggered-at-once");
        schedule["paused"]!.GetValue<bool>().ShouldBeFalse();
        schedule["version"]!.GetValue<int>().ShouldBe(1 + 1 + Triggers); // defined, resumed once, the fires
    }

    [Fact]
    public async Task a_backfill_racing_triggers_starts_each_of_its_ticks()
    {
        await ScheduleHost.PutAsync(host.Client, "backfilled-at-once", "*/10 * * * * *", extra: new JsonObject { ["paused"] = true, ["overlap"] = "Allow" });
        var to = DateTimeOffset.UtcNow.AddSeconds(-1);
        var backfill = Post("backfilled-at-once", "backfill", new JsonObject { ["from"] = to.AddSeconds(-60), ["to"] = to });

        var statuses = await AllAtOnceAsync([backfill, .. Enumerable.Range(0, Triggers).Select(_ => Post("backfilled-at-once", "trigger"))]);

        statuses.ShouldAllBe(s => s == HttpStatusCode.OK, string.Join(", ", statuses));
        var fires = await host.FiresAsync("backfilled-at-once");
        fires.Count(f => f.Kind == "Trigger" && f.Outcome == "Started").ShouldBe(Triggers);
        fires.Where(f => f.Kind == "Backfill").ShouldAllBe(f => f.Outcome == "Started");
        fires.Count(f => f.Kind == "Backfill").ShouldBe(6);
        (await host.InstancesByKeyAsync("backfilled-at-once")).Count.ShouldBeGreaterThanOrEqualTo(6);
    }

    private Func<Task<HttpStatusCode>> Post(string name, string action, JsonObject? body = null) => async () =>
    {
        using var response = await host.Client.PostAsJsonAsync($"{ScheduleHost.Route}/{name}/{action}", body ?? []);
        return response.StatusCode;
    };

    private static async Task<HttpStatusCode[]> AllAtOnceAsync(IReadOnlyList<Func<Task<HttpStatusCode>>> requests)
    {
        using var start = new SemaphoreSlim(0);
        var sent = requests.Select(async request =>
        {
            await start.WaitAsync();
            return await request();
        }).ToList();
        start.Release(requests.Count);
        return await Task.WhenAll(sent);
    }
}
