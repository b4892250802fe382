using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using Joy.Domain.Instances;
using Joy.Tests.Store;

namespace Joy.Tests.Reactors.Api;

/// <summary>A callback that used up its attempts waits in the dead letters, where an admin sees it and sends it again.</summary>
public sealed class dead_letters_through_the_api
{
    private const string PassThrough = "{'name': 'pass', 'definition': {'StartAt': 'P', 'States': {'P': {'Type': 'Pass', 'End': true}}}}";

    [Fact]
    public async Task a_callback_past_its_last_attempt_is_listed_and_a_replay_delivers_it()
    {
        await using var server = await CallbackServer.StartAsync(503, 503);
        await using var joy = await JoyService.StartAsync(new Dictionary<string, string?>
        {
            ["Joy:Callbacks:AllowedHosts:0"] = server.Authority,
            ["Joy:Callbacks:MaxAttempts"] = "2",
        });
        await joy.PutAsync("/api/v1/StateMachine", PassThrough);
        var id = await joy.StartInstanceAsync("pass", new JsonObject { ["Host"] = server.Url() });

        var dead = await Eventually.ValueAsync(async () => (await ListAsync(joy)).FirstOrDefault(d => d["message"]?["instanceId"]?.GetValue<string>() == id),
            TimeSpan.FromSeconds(20), "the callback in the dead letters");
        dead["messageType"]!.GetValue<string>().ShouldContain("CallbackDue");
        dead["exceptionMessage"]!.GetValue<string>().ShouldContain("HTTP 503");
        (await joy.EventsAsync(id)).OfType<CallbackFailed>().Select(f => (f.Attempt, f.NextAttemptAt is null)).ShouldBe([(1, false), (2, true)]);

        using var replay = await joy.Client.PostAsync($"/api/v1/admin/dead-letters/{dead["id"]!.GetValue<string>()}/replay", null);
        replay.StatusCode.ShouldBe(HttpStatusCode.Accepted, await replay.Content.ReadAsStringAsync());

        await Eventually.TrueAsync(async () => (await joy.EventsAsync(id)).OfType<CallbackDelivered>().Any(), TimeSpan.FromSeconds(20),
            "the replayed callback to be delivered");
        (await joy.EventsAsync(id)).OfType<CallbackDelivered>().Single().Attempt.ShouldBe(3, "the replay continues the count");
        server.Requests.Count.ShouldBe(3);
        (await ListAsync(joy)).ShouldNotContain(d => d["message"]!["instanceId"]!.GetValue<string>() == id && !d["replayable"]!.GetValue<bool>());
    }

    [Fact]
    public async Task replaying_an_unknown_dead_letter_is_a_404_and_bad_paging_a_400_naming_each_problem()
    {
        await using var joy = await JoyService.StartAsync();

        using var replay = await joy.Client.PostAsync($"/api/v1/admin/dead-letters/{Guid.NewGuid()}/replay", null);
        replay.StatusCode.ShouldBe(HttpStatusCode.NotFound);
        (await replay.Content.ReadFromJsonAsync<JsonObject>())!["title"]!.GetValue<string>().ShouldBe("Dead letter not found");

        using var list = await joy.Client.GetAsync("/api/v1/admin/dead-letters?page=0&pageSize=1000");
        list.StatusCode.ShouldBe(HttpStatusCode.BadRequest);
        var errors = (await list.Content.ReadFromJsonAsync<JsonObject>())!["errors"]!.AsObject();
        errors.Select(e => e.Key).Order().ShouldBe(["page", "pageSize"]);
    }

    [Fact]
    public async Task paging_values_that_are_no_numbers_are_a_400_naming_each_and_numbers_page()
    {
        await using var joy = await JoyService.StartAsync();

        using var list = await joy.Client.GetAsync("/api/v1/admin/dead-letters?page=x&pageSize=y&messageType=any");
        list.StatusCode.ShouldBe(HttpStatusCode.BadRequest);
        list.Content.Headers.ContentType!.MediaType.ShouldBe("application/problem+json");
        var errors = (await list.Content.ReadFromJsonAsync<JsonObject>())!["errors"]!.AsObject();
        errors.Select(e => e.Key).Order().ShouldBe(["page", "pageSize"]);
        errors["page"]![0]!.GetValue<string>().ShouldBe("'x' is not a whole number.");
        errors["pageSize"]![0]!.GetValue<string>().ShouldBe("'y' is not a whole number.");

        using var second = await joy.Client.GetAsync("/api/v1/admin/dead-letters?page=1&pageSize=x");
        (await second.Content.ReadFromJsonAsync<JsonObject>())!["errors"]!.AsObject().Select(e => e.Key).ShouldBe(["pageSize"]);

        using var good = await joy.Client.GetAsync("/api/v1/admin/dead-letters?page=1&pageSize=10");
        good.StatusCode.ShouldBe(HttpStatusCode.OK, await good.Content.ReadAsStringAsync());
        (await good.Content.ReadFromJsonAsync<JsonObject>())!["pageSize"]!.GetValue<int>().ShouldBe(10);
    }

    private static async Task<IReadOnlyList<JsonObject>> ListAsync(JoyService joy)
    {
        var page = (await joy.Client.GetFromJsonAsync<JsonObject>("/api/v1/admin/dead-letters"))!;
        return page["items"]!.AsArray().Select(i => i!.AsObject()).ToList();
    }
}
