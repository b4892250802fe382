using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;

namespace Joy.Tests.Schedules;

/// <summary>PUT, GET, PATCH with If-Match, DELETE; the history stays readable after the delete.</summary>
public sealed class defining_a_schedule(ScheduleHost host) : IClassFixture<ScheduleHost>
{
    [Fact]
    public async Task it_is_read_back_with_its_next_five_ticks_in_its_time_zone()
    {
        var created = await ScheduleHost.PutAsync(host.Client, "nightly", "30 2 * * *", extra: new JsonObject
        {
            ["timeZone"] = "Europe/Berlin",
            ["input"] = new JsonObject { ["n"] = 1 },
            ["paused"] = true,
        });
        created["overlap"]!.GetValue<string>().ShouldBe("Skip");
        created["catchupWindowSeconds"]!.GetValue<int>().ShouldBe(60);
        created["nextFireTimes"]!.AsArray().ShouldBeEmpty(); // paused

        var resumed = await ScheduleHost.PostAsync(host.Client, "nightly", "resume");

        var next = resumed["nextFireTimes"]!.AsArray().Select(t => t!.GetValue<DateTimeOffset>()).ToList();
        next.Count.ShouldBe(5);
        var berlin = TimeZoneInfo.FindSystemTimeZoneById("Europe/Berlin");
        next.ShouldAllBe(t => TimeZoneInfo.ConvertTime(t, berlin).Hour == 2 && TimeZoneInfo.ConvertTime(t, berlin).Minute == 30);
        next.ShouldBe(next.Order().ToList());
        (next[0] - DateTimeOffset.UtcNow).ShouldBeLessThan(TimeSpan.FromHours(25));
    }

    [Fact]
    public async Task a_stale_if_match_is_a_conflict_and_a_current_one_changes_only_what_the_patch_names()
    {
        await ScheduleHost.PutAsync(host.Client, "hourly", "0 * * * *", extra: new JsonObject { ["priority"] = 3 });
        using var get = await host.Client.GetAsync($"{ScheduleHost.Route}/hourly");
        var etag = get.Headers.ETag!.Tag;

        using var patch = new HttpRequestMessage(HttpMethod.Patch, $"{ScheduleHost.Route}/hourly")
        {
            Content = JsonContent.Create(new JsonObject { ["cron"] = "15 * * * *" }),
            Headers = { { "If-Match", etag } },
        };
        using var changed = await host.Client.SendAsync(patch);
        var body = (await changed.Content.ReadFromJsonAsync<JsonObject>())!;
        changed.StatusCode.ShouldBe(HttpStatusCode.OK, body.ToJsonString());
        body["cron"]!.GetValue<string>().ShouldBe("15 * * * *");
        body["priority"]!.GetValue<int>().ShouldBe(3);

        using var stale = new HttpRequestMessage(HttpMethod.Patch, $"{ScheduleHost.Route}/hourly")
        {
            Content = JsonContent.Create(new JsonObject { ["cron"] = "45 * * * *" }),
            Headers = { { "If-Match", etag } },
        };
        using var conflict = await host.Client.SendAsync(stale);
        conflict.StatusCode.ShouldBe(HttpStatusCode.Conflict);
        (await conflict.Content.ReadFromJsonAsync<JsonObject>())!["detail"]!.GetValue<string>().ShouldContain("version 2");
    }

    [Fact]
    public async Task a_deleted_schedule_is_gone_but_its_history_is_readable()
    {
        await ScheduleHost.PutAsync(host.Client, "doomed", "0 0 * * *");
        (await host.Client.DeleteAsync($"{ScheduleHost.Route}/doomed")).StatusCode.ShouldBe(HttpStatusCode.NoContent);

        (await host.Client.GetAsync($"{ScheduleHost.Route}/doomed")).StatusCode.ShouldBe(HttpStatusCode.NotFound);
        (await host.Client.GetFromJsonAsync<JsonArray>($"{ScheduleHost.Route}/All"))!.ShouldNotContain(s => s!["name"]!.GetValue<string>() == "doomed");
        var history = (await host.Client.GetFromJsonAsync<JsonArray>($"{ScheduleHost.Route}/doomed/history"))!;
        history.Select(e => e!["type"]!.GetValue<string>()).ShouldBe(["schedule.defined.v1", "schedule.deleted.v1"]);
    }
}
