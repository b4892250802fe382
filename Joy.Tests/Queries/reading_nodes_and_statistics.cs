using System.Text.Json;
using Joy.Application.Queries;

namespace Joy.Tests.Queries;

/// <summary>GET /api/v1/DockerNode/All, /WaitingTasks and /api/v1/Statistics.</summary>
public sealed class reading_nodes_and_statistics(QueryApi api) : IClassFixture<QueryApi>
{
    [Fact]
    public async Task every_configured_node_is_listed_with_image_capacity_and_load()
    {
        var nodes = await api.GetAsync<List<DockerNodeView>>("/api/v1/DockerNode/All");

        nodes.Select(n => n.Name).ShouldBe(["node-1", "node-2"], ignoreOrder: true);
        nodes.ShouldAllBe(n => n.Image == "joy-runner:latest" && n.MaxRunningJobs > 0 && n.Address.Length > 0);
        nodes.ShouldAllBe(n => n.Load >= 0 && n.Load <= 1);
    }

    [Fact]
    public async Task waiting_runs_are_grouped_by_priority()
    {
        await api.StartAsync($"wait-{Guid.NewGuid():N}"); // requested, never claimed: nothing dispatches in this host

        var waiting = await api.GetAsync<WaitingTasksView>("/api/v1/DockerNode/WaitingTasks");

        waiting.Total.ShouldBeGreaterThanOrEqualTo(1);
        waiting.ByPriority.Sum(p => p.Count).ShouldBe(waiting.Total);
        waiting.ByPriority.SelectMany(p => p.Runs).ShouldContain(r => r.Actor == "work" && r.State == "Work");
    }

    [Fact]
    public async Task statistics_count_instances_and_give_run_time_percentiles_per_actor()
    {
        var machine = $"stats-{Guid.NewGuid():N}";
        for (var i = 0; i < 3; i++)
        {
            var (id, started) = await api.StartAsync(machine, QueryApi.TwoTasks);
            await api.CompleteAllAsync(id, started);
        }

        await api.StartAsync(machine);
        await api.WaitForSummariesAsync();

        var stats = await api.GetAsync<JsonElement>("/api/v1/Statistics?window=600");

        var mine = stats.GetProperty("instances").EnumerateArray().Where(i => i.GetProperty("stateMachine").GetString() == machine)
            .ToDictionary(i => i.GetProperty("status").GetString()!, i => i.GetProperty("count").GetInt64());
        mine.ShouldBe(new Dictionary<string, long> { ["Running"] = 1, ["Succeeded"] = 3 }, ignoreOrder: true);
        var compile = stats.GetProperty("actors").EnumerateArray().Single(a => a.GetProperty("actor").GetString() == "compile");
        compile.GetProperty("runs").GetInt64().ShouldBeGreaterThanOrEqualTo(3);
        compile.GetProperty("p50Ms").GetDouble().ShouldBe(12); // the simulated results report durationMs 12
        var node1 = stats.GetProperty("nodes").EnumerateArray().Single(n => n.GetProperty("node").GetString() == "node-1");
        node1.GetProperty("runsStarted").GetInt64().ShouldBeGreaterThanOrEqualTo(6);
        node1.GetProperty("utilisation").GetDouble().ShouldBeGreaterThanOrEqualTo(0);
    }
}
