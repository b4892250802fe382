using System.Text.Json.Nodes;
using Joy.Tests.Store;

namespace Joy.Tests.Instances;

/// <summary>The in-memory host only serves the API here; real child processes run the actors.</summary>
public sealed class ApiOnlyInstanceHost : InstanceHost
{
    protected override Dictionary<string, string?> Extra => new() { ["Joy:Dispatcher:Enabled"] = "false" };
}

/// <summary>
/// A service SIGKILLed while its container runs: another one takes the run over when the lease expires,
/// re-attaches to the same container by label and finishes the instance; the run is executed once.
/// </summary>
public sealed class killing_the_service_mid_run(ApiOnlyInstanceHost host) : IClassFixture<ApiOnlyInstanceHost>
{
    private const string OneSlowTask = "{'StartAt': 'Slow', 'States': {'Slow': {'Type': 'Task', 'Resource': 'actor:slow', 'End': true}}}";

    [Fact]
    public async Task and_starting_another_finishes_the_instance_without_running_anything_twice()
    {
        await host.DefineAsync("slow", OneSlowTask, ("slow", "sleep 6; echo finished > out.txt; echo '{\"Outputs\": [\"out.txt\"]}' > return.json"));
        await using var first = await ServiceProcess.StartAsync(host);
        var id = await Instances.StartAsync(host.Client, new JsonObject { ["name"] = "slow" });
        string? container = null;
        await Eventually.TrueAsync(async () =>
        {
            var run = (await Instances.GetAsync(host.Client, id)).Runs().SingleOrDefault();
            container = run?["containerId"]?.GetValue<string>();
            return container is not null && (await host.ContainersAsync($"joy.instance={id}")).Any(c => c.State == "running");
        }, TimeSpan.FromSeconds(60), "the run to start in the first process");

        await first.KillAsync();
        await using var second = await ServiceProcess.StartAsync(host);
        var instance = await Instances.WaitAsync(host.Client, id, TimeSpan.FromSeconds(60));

        instance.Status().ShouldBe("Succeeded", second.Output);
        var finished = instance.Runs().ShouldHaveSingleItem()!;
        finished["containerId"]!.GetValue<string>().ShouldBe(container); // re-attached, not started again
        finished["outputs"]!.AsArray().Select(f => f!["name"]!.GetValue<string>()).ShouldBe(["out.txt"]);
        (await host.QueryAsync("SELECT count(*) FROM joy.mt_events WHERE type = 'instance.actor-run-started.v1'")).ShouldBe([1L]);
        var reporters = await host.QueryAsync("""
            SELECT user_name FROM joy.mt_events
             WHERE type IN ('instance.actor-run-started.v1', 'instance.actor-run-succeeded.v1') ORDER BY seq_id
            """);
        reporters.Distinct().Count().ShouldBe(2); // started by the first process, collected by the second
        // The result is recorded before the container is removed (so a crash in between loses
        // nothing): the instance can end while the daemon is still removing it.
        await Eventually.TrueAsync(async () => (await host.ContainersAsync($"joy.instance={id}")).Count == 0,
            TimeSpan.FromSeconds(30), "the collected container to be removed");
    }
}
