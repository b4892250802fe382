using System.Text.Json.Nodes;
using Joy.Domain.Instances;
using Joy.Tests.Store;

namespace Joy.Tests.Reactors.Api;

/// <summary>Timers and callbacks end to end: HTTP in, real containers, a real callback server, a real restart.</summary>
public sealed class reactors_through_the_api
{
    private const string Echo = "{'name': 'echo', 'image': 'joy-busybox:latest', 'command': ['sh', '-c', 'echo ok']}";
    private const string Fails = "{'name': 'fails', 'image': 'joy-busybox:latest', 'command': ['sh', '-c', 'exit 3']}";

    [Fact]
    public async Task a_wait_survives_a_service_restart_and_the_instance_succeeds()
    {
        await using var joy = await JoyService.StartAsync();
        await joy.PutAsync("/api/v1/StateMachine", """
            {'name': 'nap', 'definition': {'StartAt': 'W', 'States': {
              'W': {'Type': 'Wait', 'Seconds': 15, 'Next': 'Done'},
              'Done': {'Type': 'Pass', 'Result': 'rested', 'End': true}}}}
            """);
        var id = await joy.StartInstanceAsync("nap");
        var due = (await joy.EventsAsync(id)).OfType<WaitStarted>().Single().DueAt;

        // 15 s: a restart (host disposed, a new one started) took over 5 s on a machine at load 30.
        await joy.RestartAsync();
        DateTimeOffset.UtcNow.ShouldBeLessThan(due, "the restart must happen mid-wait");

        var instance = await joy.EndedAsync(id);
        instance["status"]!.GetValue<string>().ShouldBe("Succeeded");
        instance["output"]!.GetValue<string>().ShouldBe("rested");
        (await joy.EventsAsync(id)).OfType<TimerFired>().Single().At.ShouldBeGreaterThanOrEqualTo(due);
    }

    [Fact]
    public async Task a_real_instance_calls_back_and_is_retried_when_the_callback_server_first_fails()
    {
        await using var server = await CallbackServer.StartAsync(500);
        await using var joy = await JoyService.StartAsync(new Dictionary<string, string?>
        {
            ["Joy:Callbacks:AllowedHosts:0"] = server.Authority,
        });
        await joy.PutAsync("/api/v1/Actor", Echo);
        await joy.PutAsync("/api/v1/StateMachine", """
            {'name': 'one-step', 'definition': {'StartAt': 'Run', 'States': {
              'Run': {'Type': 'Task', 'Resource': 'actor:echo', 'ResultSelector': {'exit.$': '$.exitCode'}, 'End': true}}}}
            """);

        var id = await joy.StartInstanceAsync("one-step", new JsonObject { ["Host"] = server.Url("/judge/done") });

        (await joy.EndedAsync(id))["status"]!.GetValue<string>().ShouldBe("Succeeded");
        await Eventually.TrueAsync(() => server.Requests.Count == 2, TimeSpan.FromSeconds(20), "the retried callback");
        var bodies = server.Requests.Select(r => r.Body!.ToJsonString()).Distinct().ToList();
        bodies.Count.ShouldBe(1, "every attempt carries the same payload");
        JsonNode.DeepEquals(JsonNode.Parse(bodies[0]), new JsonObject
        {
            ["id"] = id, ["name"] = "one-step", ["status"] = "Succeeded", ["output"] = new JsonObject { ["exit"] = 0 },
        }).ShouldBeTrue(bodies[0]);
        await Eventually.TrueAsync(async () => (await joy.EventsAsync(id)).OfType<CallbackDelivered>().Any(), TimeSpan.FromSeconds(10),
            "the delivery to be recorded");
        var events = await joy.EventsAsync(id);
        events.OfType<CallbackFailed>().Single().ShouldSatisfyAllConditions(f => f.Attempt.ShouldBe(1), f => f.Status.ShouldBe(500));
        events.OfType<CallbackDelivered>().Single().ShouldSatisfyAllConditions(d => d.Attempt.ShouldBe(2), d => d.Status.ShouldBe(200));
    }

    [Fact]
    public async Task a_retry_interval_is_waited_out_on_the_durable_timer()
    {
        await using var joy = await JoyService.StartAsync();
        await joy.PutAsync("/api/v1/Actor", Fails);
        await joy.PutAsync("/api/v1/StateMachine", """
            {'name': 'flaky', 'definition': {'StartAt': 'Run', 'States': {
              'Run': {'Type': 'Task', 'Resource': 'actor:fails', 'End': true,
                      'Retry': [{'ErrorEquals': ['Actor.ExitCode'], 'IntervalSeconds': 1, 'MaxAttempts': 1}]}}}}
            """);

        var id = await joy.StartInstanceAsync("flaky");

        var instance = await joy.EndedAsync(id);
        instance["status"]!.GetValue<string>().ShouldBe("Failed");
        instance["error"]!.GetValue<string>().ShouldBe("Actor.ExitCode");
        instance["runs"]!.AsArray().Count.ShouldBe(2);
        var events = await joy.EventsAsync(id);
        var retry = events.OfType<RetryScheduled>().Single();
        var fired = events.OfType<TimerFired>().Single();
        fired.TimerId.ShouldBe(retry.TimerId);
        fired.At.ShouldBeGreaterThanOrEqualTo(retry.DueAt);
        events.OfType<ActorRunRequested>().Last().At.ShouldBeGreaterThanOrEqualTo(retry.DueAt);
    }
}
