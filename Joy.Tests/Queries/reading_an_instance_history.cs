using System.Net;
using System.Text.Json;
using Joy.Application.Queries.Audit;

namespace Joy.Tests.Queries;

/// <summary>Audit: the full history of an instance and its state folded to any version.</summary>
public sealed class reading_an_instance_history(QueryApi api) : IClassFixture<QueryApi>
{
    [Fact]
    public async Task lists_every_event_with_position_version_type_data_and_time()
    {
        var (id, started) = await api.StartAsync("audited", QueryApi.TwoTasks);
        await api.CompleteAllAsync(id, started);

        var history = await api.GetAsync<JsonElement>($"/api/v1/StateMachineInstance/{id}/events");

        var events = history.GetProperty("events").EnumerateArray().ToList();
        history.GetProperty("version").GetInt64().ShouldBe(events.Count);
        events.Select(e => e.GetProperty("version").GetInt64()).ShouldBe(Enumerable.Range(1, events.Count).Select(v => (long)v));
        events[0].GetProperty("type").GetString().ShouldBe("instance.started.v1");
        events[0].GetProperty("data").GetProperty("stateMachineName").GetString().ShouldBe("audited");
        events[^1].GetProperty("type").GetString().ShouldBe("instance.succeeded.v1");
        var positions = events.Select(e => long.Parse(e.GetProperty("position").GetString()!, System.Globalization.CultureInfo.InvariantCulture)).ToList();
        positions.ShouldBe(positions.Order()); // Marten's sequence numbers, ascending with the versions
        positions[0].ShouldBeGreaterThan(0);
        events.ShouldAllBe(e => e.GetProperty("time").GetDateTimeOffset() > DateTimeOffset.UtcNow.AddMinutes(-5));
        events.ShouldAllBe(e => e.GetProperty("metadata").ValueKind == JsonValueKind.Object);
        events.Count(e => e.GetProperty("type").GetString() == "instance.actor-run-succeeded.v1").ShouldBe(2);
    }

    [Fact]
    public async Task folds_the_state_as_it_was_after_a_given_event()
    {
        var (id, started) = await api.StartAsync("audited", QueryApi.TwoTasks);
        await api.CompleteAllAsync(id, started);

        var first = await api.GetAsync<InstanceStateView>($"/api/v1/StateMachineInstance/{id}/state?version={started.Count}");
        var last = await api.GetAsync<InstanceStateView>($"/api/v1/StateMachineInstance/{id}/state");

        first.Status.ShouldBe("Running");
        first.Version.ShouldBe(started.Count);
        first.CurrentStates.Select(s => s.State).ShouldBe(["Compile"]);
        first.Runs.Single().Status.ShouldBe("Requested");
        last.Status.ShouldBe("Succeeded");
        last.Version.ShouldBe(last.StreamVersion);
        last.Runs.Select(r => r.Path).ShouldBe(["Compile", "Run"]);
        last.CurrentStates.ShouldBeEmpty();
    }

    [Fact]
    public async Task an_unknown_instance_is_404()
    {
        using var client = api.CreateClient();
        (await client.GetAsync("/api/v1/StateMachineInstance/nope/events")).StatusCode.ShouldBe(HttpStatusCode.NotFound);
        var response = await client.GetAsync("/api/v1/StateMachineInstance/nope/state?version=1");
        response.StatusCode.ShouldBe(HttpStatusCode.NotFound);
        response.Content.Headers.ContentType!.MediaType.ShouldBe("application/problem+json");
    }

    [Theory]
    [InlineData("0")]
    [InlineData("abc")]
    [InlineData("999")]
    public async Task a_version_outside_the_stream_is_400_naming_the_range(string version)
    {
        var (id, started) = await api.StartAsync("audited");
        using var client = api.CreateClient();

        var response = await client.GetAsync($"/api/v1/StateMachineInstance/{id}/state?version={version}");

        response.StatusCode.ShouldBe(HttpStatusCode.BadRequest);
        var problem = JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement;
        problem.GetProperty("errors").GetProperty("version")[0].GetString()!.ShouldContain($"from 1 to {started.Count}");
    }
}
