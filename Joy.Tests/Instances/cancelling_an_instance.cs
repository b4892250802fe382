using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using Joy.Tests.Store;

namespace Joy.Tests.Instances;

/// <summary>DELETE cancels: running containers are killed, the instance reads Cancelled, its history stays.</summary>
public sealed class cancelling_an_instance(InstanceHost host) : IClassFixture<InstanceHost>
{
    private const string TwoSleepers = """
        {'StartAt': 'P', 'States': {'P': {'Type': 'Parallel', 'End': true, 'Branches': [
          {'StartAt': 'A', 'States': {'A': {'Type': 'Task', 'Resource': 'actor:sleeper', 'End': true}}},
          {'StartAt': 'B', 'States': {'B': {'Type': 'Task', 'Resource': 'actor:sleeper', 'End': true}}}]}}}
        """;

    [Fact]
    public async Task mid_run_kills_its_containers_and_reads_cancelled()
    {
        await host.DefineAsync("sleepers", TwoSleepers, ("sleeper", "sleep 60"));
        var id = await Instances.StartAsync(host.Client, new JsonObject { ["name"] = "sleepers" });
        await Eventually.TrueAsync(async () =>
            (await Instances.GetAsync(host.Client, id)).Runs().Count(run => run!["status"]!.GetValue<string>() == "Started") == 2
            && (await host.ContainersAsync($"joy.instance={id}")).Count(c => c.State == "running") == 2,
            TimeSpan.FromSeconds(30), "both sleepers to run");

        using var response = await host.Client.DeleteAsync($"{Instances.Route}/{id}");

        response.StatusCode.ShouldBe(HttpStatusCode.OK);
        (await response.Content.ReadFromJsonAsync<JsonObject>())!.Status().ShouldBe("Cancelled");
        await Eventually.TrueAsync(async () => (await host.ContainersAsync($"joy.instance={id}")).Count == 0,
            TimeSpan.FromSeconds(20), "the containers to be gone");
        var instance = await Instances.GetAsync(host.Client, id);
        instance.Status().ShouldBe("Cancelled");
        instance.Runs().Select(run => run!["status"]!.GetValue<string>()).ShouldBe(["Cancelled", "Cancelled"]);
    }

    [Fact]
    public async Task an_unknown_instance_is_404_and_an_ended_one_409()
    {
        using var unknown = await host.Client.DeleteAsync($"{Instances.Route}/{Guid.NewGuid()}");
        unknown.StatusCode.ShouldBe(HttpStatusCode.NotFound);

        var id = await Judge.StartAsync(host.Client, "ce.c");
        await Instances.WaitAsync(host.Client, id);
        using var ended = await host.Client.DeleteAsync($"{Instances.Route}/{id}");
        ended.StatusCode.ShouldBe(HttpStatusCode.Conflict);
        (await Instances.GetAsync(host.Client, id)).Status().ShouldBe("Succeeded");
    }
}
