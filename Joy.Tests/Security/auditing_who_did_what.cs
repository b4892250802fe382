using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Joy.Application.Security;
using Joy.Tests.Infrastructure;

namespace Joy.Tests.Security;

/// <summary>Every event a request causes names its principal: an instance's history shows who started and cancelled it.</summary>
public sealed class auditing_who_did_what(SecuredHost host) : IClassFixture<SecuredHost>
{
    [Fact]
    public async Task an_instance_history_names_who_started_and_who_cancelled_it()
    {
        using var olga = host.Host.CreateClient(await host.CreateKeyAsync("olga", Role.Operator));
        using var alice = host.Host.CreateClient(await host.CreateKeyAsync("alice", Role.Submitter));
        using var carol = host.Host.CreateClient(await host.CreateKeyAsync("carol", Role.Submitter));
        using var defined = await olga.PutAsync("/api/v1/StateMachine", new StringContent(
            """{"name": "waits", "definition": {"StartAt": "W", "States": {"W": {"Type": "Wait", "Seconds": 600, "End": true}}}}""",
            System.Text.Encoding.UTF8, "application/json"));
        defined.StatusCode.ShouldBe(HttpStatusCode.Created, await defined.Content.ReadAsStringAsync());

        using var started = await alice.PutAsJsonAsync("/api/v1/StateMachineInstance", new { name = "waits" });
        started.StatusCode.ShouldBe(HttpStatusCode.Created, await started.Content.ReadAsStringAsync());
        var id = JsonDocument.Parse(await started.Content.ReadAsStringAsync()).RootElement.GetProperty("id").GetString();
        (await carol.DeleteAsync($"/api/v1/StateMachineInstance/{id}")).StatusCode.ShouldBe(HttpStatusCode.OK);

        var history = JsonDocument.Parse(await alice.GetStringAsync($"/api/v1/StateMachineInstance/{id}/events")).RootElement;
        var events = (history.ValueKind == JsonValueKind.Array ? history : history.GetProperty("events")).EnumerateArray()
            .Select(e => (Type: e.GetProperty("type").GetString(), Actor: e.GetProperty("metadata").GetProperty("actor").GetString())).ToList();
        events.First(e => e.Type == "instance.started.v1").Actor.ShouldBe("alice");
        events.First(e => e.Type == "instance.cancelled.v1").Actor.ShouldBe("carol");

        // The global log shows an event once the daemon's high-water mark has passed it.
        string? definer = null;
        await Joy.Tests.Store.Eventually.TrueAsync(async () =>
        {
            var log = JsonDocument.Parse(await olga.GetStringAsync("/api/v1/events?limit=1000")).RootElement.GetProperty("events");
            definer = log.EnumerateArray().Where(e => e.GetProperty("type").GetString() == "statemachine.defined.v1")
                .Select(e => e.GetProperty("metadata").GetProperty("actor").GetString()).FirstOrDefault();
            return definer is not null;
        }, TimeSpan.FromSeconds(30), "the definition in the global log");
        definer.ShouldBe("olga");
    }
}
