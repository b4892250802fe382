using System.Net.Http.Json;
using System.Text.Json.Nodes;
using Joy.Application.EventStore;
using Joy.Domain.Definitions;
using Joy.Domain.Instances;
using Joy.Tests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;

namespace Joy.Tests.Instances;

/// <summary>
/// A run's CPU time, peak memory and wall time, as joy-meter counted them, in its result event, the instance
/// detail and the history; a CPU time limit ends a run as States.Timeout by <c>cpu</c>; results recorded before
/// the meter read as null.
/// </summary>
public sealed class reporting_what_a_run_cost(InstanceHost host) : IClassFixture<InstanceHost>
{
    private const string OneTask = "{'StartAt': 'Work', 'States': {'Work': {'Type': 'Task', 'Resource': 'actor:%', 'End': true}}}";

    private async Task<string> StartAsync(string machine, string actor, string script, JsonObject limitation)
    {
        await JudgeExample.PutAsync(host.Client, "/api/v1/Actor", new JsonObject
        {
            ["name"] = actor, ["image"] = "joy-busybox:latest", ["script"] = script, ["limitation"] = limitation,
        });
        await JudgeExample.PutAsync(host.Client, "/api/v1/StateMachine", new JsonObject
        {
            ["name"] = machine, ["definition"] = JsonNode.Parse(OneTask.Replace("%", actor).Replace('\'', '"')),
        });
        return await Instances.StartAsync(host.Client, new JsonObject { ["name"] = machine });
    }

    private async Task<JsonArray> HistoryAsync(string id) =>
        (await host.Client.GetFromJsonAsync<JsonObject>($"{Instances.Route}/{id}/events"))!["events"]!.AsArray();

    [Fact]
    public async Task a_run_reports_cpu_time_peak_memory_and_wall_time_everywhere()
    {
        var id = await StartAsync("cost-counted", "cost-spin", "i=0; while [ $i -lt 30000 ]; do i=$((i+1)); done",
            new JsonObject { ["cpuTimeLimitMs"] = 20_000, ["executionTimeout"] = 30_000 });
        var instance = await Instances.WaitAsync(host.Client, id);

        instance.Status().ShouldBe("Succeeded", instance.ToJsonString());
        var run = instance.Runs().Single()!;
        run["cpuTimeMs"]!.GetValue<long>().ShouldBeGreaterThan(0);
        run["peakMemoryBytes"]!.GetValue<long>().ShouldBeGreaterThan(100_000);
        run["wallTimeMs"]!.GetValue<long>().ShouldBeGreaterThan(0);
        run["timeoutReason"].ShouldBeNull();
        var result = (await HistoryAsync(id)).Single(e => e!["type"]!.GetValue<string>() == "instance.actor-run-succeeded.v1")!["data"]!["result"]!;
        foreach (var field in new[] { "cpuTimeMs", "peakMemoryBytes", "wallTimeMs" })
        {
            result[field]!.GetValue<long>().ShouldBe(run[field]!.GetValue<long>(), field);
        }
    }

    [Fact]
    public async Task a_run_past_its_cpu_time_limit_fails_as_a_timeout_by_cpu()
    {
        var id = await StartAsync("cost-limited", "cost-forever", "while :; do :; done",
            new JsonObject { ["cpuTimeLimitMs"] = 300, ["executionTimeout"] = 30_000 });
        var instance = await Instances.WaitAsync(host.Client, id);

        instance.Status().ShouldBe("Failed");
        instance["error"]!.GetValue<string>().ShouldBe("States.Timeout");
        var run = instance.Runs().Single()!;
        (run["timedOut"]!.GetValue<bool>(), run["timeoutReason"]!.GetValue<string>()).ShouldBe((true, "cpu"));
        run["cpuTimeMs"]!.GetValue<long>().ShouldBeGreaterThanOrEqualTo(300);
        run["wallTimeMs"]!.GetValue<long>().ShouldBeLessThan(30_000);
    }

    [Fact]
    public async Task a_result_recorded_before_the_meter_reads_as_null()
    {
        var id = Guid.NewGuid().ToString("N");
        var actor = new ActorDefinition("cost-old", Script: "true");
        var at = DateTimeOffset.UtcNow;
        var oldResult = JsonNode.Parse("""{"exitCode": 0, "oomKilled": false, "timedOut": false, "durationMs": 42, "node": "node-1", "outputs": {}, "log": {"blob": null}, "data": null}""");
        var store = (await host.StartHostAsync()).Services.GetRequiredService<IEventStore>();
        await store.AppendAsync($"instance-{id}", ExpectedVersion.NoStream,
        [
            new InstanceStarted(id, "cost-old", 1, JsonNode.Parse(OneTask.Replace("%", "cost-old").Replace('\'', '"'))!, null,
                new Dictionary<string, ActorDefinition> { ["cost-old"] = actor }, null, new InstanceOptions(), at),
            new ActorRunRequested($"{id}-run", "Work", 1, actor, null, new Dictionary<string, string>(), 0, at),
            new ActorRunSucceeded($"{id}-run", oldResult, at),
        ]);

        var run = (await Instances.GetAsync(host.Client, id)).Runs().Single()!;

        run["durationMs"]!.GetValue<long>().ShouldBe(42);
        (run["cpuTimeMs"], run["peakMemoryBytes"], run["wallTimeMs"], run["timeoutReason"]).ShouldBe((null, null, null, null));
    }
}
