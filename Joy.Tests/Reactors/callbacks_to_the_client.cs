using System.Text.Json.Nodes;
using Joy.Domain.Instances;
using Joy.Tests.Infrastructure;
using Joy.Tests.Store;

namespace Joy.Tests.Reactors;

/// <summary>When an instance ends, its Host hears about it: at least once, with back-off, only if allowed.</summary>
public sealed class callbacks_to_the_client(TestDatabase database) : IClassFixture<TestDatabase>
{
    private const string PassThrough = "{'StartAt': 'P', 'States': {'P': {'Type': 'Pass', 'Result': {'verdict': 'AC'}, 'End': true}}}";
    private const string Failing = "{'StartAt': 'F', 'States': {'F': {'Type': 'Fail', 'Error': 'Judge.CE', 'Cause': 'Main.c:1: no such file'}}}";

    private static Dictionary<string, string?> Allow(CallbackServer server, int maxAttempts = 5) => new()
    {
        ["Joy:Callbacks:AllowedHosts:0"] = "judge.example",
        ["Joy:Callbacks:AllowedHosts:1"] = server.Authority,
        ["Joy:Callbacks:MaxAttempts"] = maxAttempts.ToString(System.Globalization.CultureInfo.InvariantCulture),
    };

    [Fact]
    public async Task a_succeeded_instance_is_posted_to_its_host_and_the_delivery_recorded()
    {
        await using var server = await CallbackServer.StartAsync();
        await using var host = await ReactorHost.StartAsync(database.ConnectionString, Allow(server));

        var id = await host.StartAsync(PassThrough, new InstanceOptions(CallbackHost: server.Url()));

        await host.Store.UntilAsync(id, events => events.OfType<CallbackDelivered>().Any(), "the callback to be delivered");
        var received = server.Requests.Single();
        received.Method.ShouldBe("POST");
        received.Path.ShouldBe("/callback");
        received.ContentType.ShouldStartWith("application/json");
        JsonNode.DeepEquals(received.Body, JsonNode.Parse($$$"""{"id":"{{{id}}}","name":"m","status":"Succeeded","output":{"verdict":"AC"}}""")).ShouldBeTrue(received.Body!.ToJsonString());
        (await host.Store.EventsAsync(id)).OfType<CallbackDelivered>().Single().ShouldSatisfyAllConditions(
            d => d.Attempt.ShouldBe(1), d => d.Status.ShouldBe(200));
    }

    [Fact]
    public async Task a_failed_instance_posts_its_error_and_cause()
    {
        await using var server = await CallbackServer.StartAsync();
        await using var host = await ReactorHost.StartAsync(database.ConnectionString, Allow(server));

        var id = await host.StartAsync(Failing, new InstanceOptions(CallbackHost: server.Url()));

        await host.Store.UntilAsync(id, events => events.OfType<CallbackDelivered>().Any(), "the callback to be delivered");
        JsonNode.DeepEquals(server.Requests.Single().Body, JsonNode.Parse($$"""
            {"id":"{{id}}","name":"m","status":"Failed","error":"Judge.CE","cause":"Main.c:1: no such file"}
            """)).ShouldBeTrue(server.Requests.Single().Body!.ToJsonString());
    }

    [Fact]
    public async Task a_failing_host_is_retried_with_back_off_and_every_attempt_recorded()
    {
        await using var server = await CallbackServer.StartAsync(500, 500);
        var settings = Allow(server);
        settings["Joy:Callbacks:InitialDelay"] = "00:00:00.300";
        await using var host = await ReactorHost.StartAsync(database.ConnectionString, settings);

        var id = await host.StartAsync(PassThrough, new InstanceOptions(CallbackHost: server.Url()));

        await host.Store.UntilAsync(id, events => events.OfType<CallbackDelivered>().Any(), "the callback to be delivered");
        server.Requests.Count.ShouldBe(3);
        var events = await host.Store.EventsAsync(id);
        var failed = events.OfType<CallbackFailed>().ToList();
        failed.Select(f => (f.Attempt, f.Status)).ShouldBe([(1, (int?)500), (2, (int?)500)]);
        failed.ShouldAllBe(f => f.NextAttemptAt != null && f.NextAttemptAt > f.At);
        // Exponential: the second wait (0.6 s) is twice the first (0.3 s).
        (failed[1].NextAttemptAt!.Value - failed[1].At).ShouldBeGreaterThan(failed[0].NextAttemptAt!.Value - failed[0].At);
        events.OfType<CallbackDelivered>().Single().Attempt.ShouldBe(3);
    }

    [Fact]
    public async Task it_gives_up_after_the_last_attempt_with_a_final_failure()
    {
        await using var server = await CallbackServer.StartAsync(503, 503, 503, 503);
        await using var host = await ReactorHost.StartAsync(database.ConnectionString, Allow(server, maxAttempts: 3));

        var id = await host.StartAsync(PassThrough, new InstanceOptions(CallbackHost: server.Url()));

        await host.Store.UntilAsync(id, events => events.OfType<CallbackFailed>().Any(f => f.NextAttemptAt is null), "the final failure");
        var failed = (await host.Store.EventsAsync(id)).OfType<CallbackFailed>().ToList();
        failed.Select(f => f.Attempt).ShouldBe([1, 2, 3]);
        failed[^1].Error.ShouldBe("HTTP 503");
        server.Requests.Count.ShouldBe(3);
    }

    [Fact]
    public async Task a_host_not_in_the_allow_list_is_never_called_and_the_refusal_is_recorded()
    {
        await using var server = await CallbackServer.StartAsync();
        await using var host = await ReactorHost.StartAsync(database.ConnectionString, new Dictionary<string, string?>
        {
            ["Joy:Callbacks:AllowedHosts:0"] = "judge.example",
        });

        var id = await host.StartAsync(PassThrough, new InstanceOptions(CallbackHost: server.Url()));

        await host.Store.UntilAsync(id, events => events.OfType<CallbackFailed>().Any(), "the refusal");
        var refused = (await host.Store.EventsAsync(id)).OfType<CallbackFailed>().Single();
        refused.Error.ShouldContain("AllowedHosts");
        refused.NextAttemptAt.ShouldBeNull();
        refused.Status.ShouldBeNull();
        server.Requests.ShouldBeEmpty();
    }

    [Fact]
    public async Task an_instance_without_a_host_gets_no_callback()
    {
        await using var server = await CallbackServer.StartAsync();
        await using var host = await ReactorHost.StartAsync(database.ConnectionString, Allow(server));
        var silent = await host.StartAsync(PassThrough);

        // A later instance with a host is the marker that the first one's end has been handled.
        var marker = await host.StartAsync(PassThrough, new InstanceOptions(CallbackHost: server.Url()));

        await host.Store.UntilAsync(marker, events => events.OfType<CallbackDelivered>().Any(), "the marker's callback");
        server.Requests.Single().Body!["id"]!.GetValue<string>().ShouldBe(marker);
        (await host.Store.EventsAsync(silent)).ShouldNotContain(e => e is CallbackDelivered || e is CallbackFailed);
    }
}
