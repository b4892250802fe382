using System.Text.Json.Nodes;
using CreateContainerParameters = Docker.DotNet.Models.CreateContainerParameters;
using HostConfig = Docker.DotNet.Models.HostConfig;
using Joy.Executor;
using Joy.Executor.Docker;
using Joy.Executor.Runs;
using Joy.Tests.Infrastructure;
using Joy.Tests.Store;

namespace Joy.Tests.Instances;

/// <summary>
/// The dispatcher's orphan sweep removes this service's containers whose run has left the queue, once two sweeps
/// in a row find it so; a live run's container, a debug container and a container of no run (an image helper) stay.
/// </summary>
public sealed class sweeping_orphaned_containers(sweeping_orphaned_containers.Host host) : IClassFixture<sweeping_orphaned_containers.Host>
{
    public sealed class Host : InstanceHost
    {
        protected override Dictionary<string, string?> Extra => new() { ["Joy:Dispatcher:OrphanSweepSeconds"] = "0.5" };
    }

    [Fact]
    public async Task removes_containers_of_ended_runs_and_keeps_the_live_debug_and_helper_ones()
    {
        await host.DefineAsync("swept", "{'StartAt': 'A', 'States': {'A': {'Type': 'Task', 'Resource': 'actor:swept-sleeper', 'End': true}}}",
            ("swept-sleeper", "sleep 60"));
        var id = await Instances.StartAsync(host.Client, new JsonObject { ["name"] = "swept" });
        await Eventually.TrueAsync(async () => (await host.ContainersAsync($"joy.instance={id}")).Count(c => c.State == "running") == 1,
            TimeSpan.FromSeconds(30), "the sleeper to run");

        var (name, options) = ExecutorOptions.FromConfiguration(TestEnvironment.Configuration).Nodes.First();
        using var node = new DockerNodeClient(name, options);
        var ended = await CreateAsync(node, (ContainerSpec.RunLabel, $"ended-{Guid.NewGuid():N}"));
        var endedAndStopped = await CreateAsync(node, (ContainerSpec.RunLabel, $"stopped-{Guid.NewGuid():N}"));
        var debug = await CreateAsync(node, (ContainerSpec.RunLabel, $"debug-{Guid.NewGuid():N}"), (ContainerSpec.DebugLabel, "true"));
        var helper = await CreateAsync(node);
        foreach (var started in new[] { ended, debug, helper })
        {
            await node.StartContainerAsync(started);
        }

        await Eventually.TrueAsync(async () =>
        {
            var ids = (await host.ContainersAsync()).Select(c => c.ID).ToList();
            return !ids.Contains(ended) && !ids.Contains(endedAndStopped);
        }, TimeSpan.FromSeconds(20), "the containers of ended runs to be swept");

        var left = (await host.ContainersAsync()).Select(c => c.ID).ToList();
        left.ShouldContain(debug);
        left.ShouldContain(helper);
        (await host.ContainersAsync($"joy.instance={id}")).ShouldHaveSingleItem().State.ShouldBe("running");
        (await Instances.GetAsync(host.Client, id)).Status().ShouldBe("Running");
    }

    private async Task<string> CreateAsync(DockerNodeClient node, params (string Key, string Value)[] labels) =>
        await node.CreateContainerAsync(new CreateContainerParameters
        {
            Image = "joy-busybox:latest",
            Cmd = ["sleep", "60"],
            Labels = labels.Append((ContainerSpec.ServiceLabel, host.ServiceName)).ToDictionary(l => l.Item1, l => l.Item2),
            HostConfig = new HostConfig { NetworkMode = "none" },
        });
}
