using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using Joy.Application.EventStore;
using Joy.Domain.Definitions;
using Microsoft.Extensions.DependencyInjection;

namespace Joy.Tests.Instances;

/// <summary>
/// Regression: a state machine stored before a validation rule existed (here, state names reused
/// across Parallel branches) could not start and answered 500. It is a 409 naming the problem, and
/// nothing is written.
/// </summary>
public sealed class starting_a_machine_stored_under_older_rules(InstanceHost host) : IClassFixture<InstanceHost>
{
    [Fact]
    public async Task is_409_naming_the_problem_and_creates_nothing()
    {
        await host.DefineAsync("older-rules-setup", "{'StartAt': 'A', 'States': {'A': {'Type': 'Task', 'Resource': 'actor:older-work', 'End': true}}}",
            ("older-work", "true"));
        var definition = JsonNode.Parse("""
            {"StartAt": "Both", "States": {"Both": {"Type": "Parallel", "End": true, "Branches": [
              {"StartAt": "Run", "States": {"Run": {"Type": "Task", "Resource": "actor:older-work", "End": true}}},
              {"StartAt": "Run", "States": {"Run": {"Type": "Task", "Resource": "actor:older-work", "End": true}}}]}}}
            """);
        // Written as an older release would have, past today's validator.
        var store = (await host.StartHostAsync()).Services.GetRequiredService<IEventStore>();
        await store.AppendAsync("statemachine-older", ExpectedVersion.NoStream,
            [new StateMachineDefined(new StateMachineDefinition("older", definition), DateTimeOffset.UtcNow)]);
        var before = await host.QueryAsync("SELECT count(*) FROM joy.mt_events WHERE stream_id LIKE 'instance-%'");

        using var response = await host.Client.PutAsJsonAsync(Instances.Route, new JsonObject { ["name"] = "older" });

        response.StatusCode.ShouldBe(HttpStatusCode.Conflict);
        response.Content.Headers.ContentType!.MediaType.ShouldBe("application/problem+json");
        (await response.Content.ReadFromJsonAsync<JsonObject>())!["detail"]!.GetValue<string>().ShouldContain("Run");
        (await host.QueryAsync("SELECT count(*) FROM joy.mt_events WHERE stream_id LIKE 'instance-%'")).ShouldBe(before);
    }
}
