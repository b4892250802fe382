using System.Net.Http.Json;
using System.Text.Json.Nodes;

namespace Joy.Tests.Instances;

/// <summary>PATCH re-runs from a top-level state: the states before it keep their results.</summary>
public sealed class rerunning_from_a_state(InstanceHost host) : IClassFixture<InstanceHost>
{
    [Fact]
    public async Task from_the_run_state_runs_only_the_tests_and_the_summary_again()
    {
        var id = await Judge.StartAsync(host.Client, "ac.c");
        var first = await Instances.WaitAsync(host.Client, id);
        first.Status().ShouldBe("Succeeded");
        first.Runs().Count.ShouldBe(8);

        using var response = await host.Client.PatchAsJsonAsync($"{Instances.Route}/{id}", new JsonObject { ["stage"] = "RunTests" });
        response.EnsureSuccessStatusCode();
        (await response.Content.ReadFromJsonAsync<JsonObject>())!.Status().ShouldBe("Running");
        var second = await Instances.WaitAsync(host.Client, id);

        second.Status().ShouldBe("Succeeded");
        second["output"]!["verdict"]!.GetValue<string>().ShouldBe("AC");
        var runs = second.Runs().Select(run => run!["state"]!.GetValue<string>()).ToList();
        runs.Count.ShouldBe(8 + 7);
        runs.Count(state => state == "Compile").ShouldBe(1);
        runs.Count(state => state == "Summarize").ShouldBe(2);
        runs.Count(state => state.EndsWith("/Run", StringComparison.Ordinal)).ShouldBe(6);
    }

    [Fact]
    public async Task from_an_unknown_state_is_a_conflict_and_changes_nothing()
    {
        var id = await Judge.StartAsync(host.Client, "ce.c");
        await Instances.WaitAsync(host.Client, id);

        using var response = await host.Client.PatchAsJsonAsync($"{Instances.Route}/{id}", new JsonObject { ["stage"] = "Nowhere" });

        ((int)response.StatusCode).ShouldBe(409);
        response.Content.Headers.ContentType!.MediaType.ShouldBe("application/problem+json");
        (await Instances.GetAsync(host.Client, id)).Status().ShouldBe("Succeeded");
    }
}
