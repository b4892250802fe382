using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;

namespace Joy.Tests.Schedules;

/// <summary>Every problem of a schedule in one 400, and nothing stored.</summary>
public sealed class sending_a_bad_schedule(ScheduleHost host) : IClassFixture<ScheduleHost>
{
    [Fact]
    public async Task every_problem_is_listed_and_nothing_is_stored()
    {
        using var response = await host.Client.PutAsJsonAsync(ScheduleHost.Route, new JsonObject
        {
            ["name"] = "bad",
            ["cron"] = "61 * * * *",
            ["timeZone"] = "Mars/Olympus",
            ["stateMachine"] = "no-such-machine",
            ["overlap"] = "Sometimes",
            ["catchupWindowSeconds"] = -1,
            ["input"] = "not an object",
            ["initialBlobs"] = new JsonArray(new JsonObject { ["id"] = "nope", ["name"] = "a.txt" },
                new JsonObject { ["id"] = new string('0', 64), ["name"] = "b.txt" }),
        });

        response.StatusCode.ShouldBe(HttpStatusCode.BadRequest);
        var errors = (await response.Content.ReadFromJsonAsync<JsonObject>())!["errors"]!.AsObject();
        errors.Select(e => e.Key).ShouldBe(
            ["cron", "timeZone", "stateMachine", "overlap", "catchupWindowSeconds", "input", "initialBlobs[0].id", "initialBlobs[1].id"],
            ignoreOrder: true);
        (await host.Client.GetAsync($"{ScheduleHost.Route}/bad")).StatusCode.ShouldBe(HttpStatusCode.NotFound);
        (await host.QueryAsync("SELECT count(*) FROM joy.mt_events WHERE stream_id = 'schedule-bad'")).Single().ShouldBe(0L);
    }

    [Fact]
    public async Task fields_of_the_wrong_type_are_named_each()
    {
        using var response = await host.Client.PutAsJsonAsync(ScheduleHost.Route, new JsonObject
        {
            ["name"] = "typed",
            ["cron"] = 5,
            ["stateMachine"] = "pass",
            ["priority"] = "high",
            ["paused"] = "yes",
        });

        response.StatusCode.ShouldBe(HttpStatusCode.BadRequest);
        var errors = (await response.Content.ReadFromJsonAsync<JsonObject>())!["errors"]!.AsObject();
        errors.Select(e => e.Key).ShouldBe(["cron", "priority", "paused"], ignoreOrder: true);
    }

    [Fact]
    public async Task a_backfill_into_the_future_or_backwards_is_refused()
    {
        await ScheduleHost.PutAsync(host.Client, "backwards", "* * * * *");

        using var response = await host.Client.PostAsJsonAsync($"{ScheduleHost.Route}/backwards/backfill", new JsonObject
        {
            ["from"] = DateTimeOffset.UtcNow.AddMinutes(5),
            ["to"] = DateTimeOffset.UtcNow.AddMinutes(1),
            ["overlap"] = "Whenever",
        });

        response.StatusCode.ShouldBe(HttpStatusCode.BadRequest);
        var errors = (await response.Content.ReadFromJsonAsync<JsonObject>())!["errors"]!.AsObject();
        errors["to"]!.AsArray().Count.ShouldBe(2);
        errors["overlap"].ShouldNotBeNull();
        (await host.FiresAsync("backwards")).ShouldBeEmpty();
    }
}
