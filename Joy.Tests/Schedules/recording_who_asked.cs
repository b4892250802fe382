using System.Net.Http.Json;
using System.Text.Json.Nodes;
using Joy.Tests.Store;

namespace Joy.Tests.Schedules;

/// <summary>A schedule's history names who caused each event: the request's principal for a change or a trigger, the schedule itself for its cron fires.</summary>
public sealed class recording_who_asked(ScheduleHost host) : IClassFixture<ScheduleHost>
{
    [Fact]
    public async Task requests_name_their_principal_and_cron_fires_the_schedule()
    {
        await ScheduleHost.PutAsync(host.Client, "audited", "* * * * * *", extra: new JsonObject { ["paused"] = true, ["overlap"] = "Allow" });
        await ScheduleHost.PostAsync(host.Client, "audited", "trigger");
        await ScheduleHost.PostAsync(host.Client, "audited", "resume");
        await Eventually.TrueAsync(async () => (await host.FiresAsync("audited")).Any(f => f.Kind == "Cron"), TimeSpan.FromSeconds(30), "a cron fire");
        await ScheduleHost.PostAsync(host.Client, "audited", "pause");

        var history = (await host.Client.GetFromJsonAsync<JsonArray>($"{ScheduleHost.Route}/audited/history"))!
            .Select(e => (Type: e!["type"]!.GetValue<string>(), Kind: e["data"]?["kind"]?.GetValue<string>(), Actor: e["actor"]?.GetValue<string>()))
            .ToList();
        var requester = history.Single(e => e.Type == "schedule.defined.v1").Actor;
        requester.ShouldNotBe("schedule:audited");
        history.Single(e => e.Kind == "Trigger").Actor.ShouldBe(requester);
        history.Single(e => e.Type == "schedule.resumed.v1").Actor.ShouldBe(requester);
        history.Where(e => e.Kind == "Cron").ShouldAllBe(e => e.Actor == "schedule:audited");
    }
}
