using System.Text.Json.Nodes;
using Joy.Application.Execution;
using Joy.Executor;
using Joy.Executor.Docker;
using Joy.Executor.Runs;
using Joy.Tests.Infrastructure;
using Joy.Tests.Store;
using Microsoft.Extensions.DependencyInjection;

namespace Joy.Tests.Instances;

/// <summary>
/// Between a run's create and its start nothing else may remove its container. Regression (CI, 30 judges at
/// once): a renewal came late, the lease ran out, and the same process's claim loop took over its own run
/// while it was still uploading: the takeover's re-attach found the container "created", removed it as never
/// started, and the start answered 409 "container is marked for removal" (Joy.DockerError).
/// Here the lease runs out on purpose (long leases, so no renewal comes in between) while the placement is held.
/// </summary>
public sealed class placing_a_run_while_its_lease_runs_out(placing_a_run_while_its_lease_runs_out.Host host)
    : IClassFixture<placing_a_run_while_its_lease_runs_out.Host>
{
    public sealed class Host : InstanceHost
    {
        public HoldingPlacements Runner { get; private set; } = null!;

        // A start is then reported with the result only, never while a placement is held: which container the run
        // records must not depend on how long the machine takes to get through a hold (a start reported during the
        // first placement keeps that container's id: the domain records a run's start once).
        protected override Dictionary<string, string?> Extra => new()
        {
            ["Joy:Dispatcher:LeaseSeconds"] = "60",
            ["Joy:Dispatcher:StartedReportDelaySeconds"] = "60",
        };

        protected override void AddServices(IServiceCollection services) =>
            services.AddSingleton<IActorRunner>(provider => Runner = new HoldingPlacements(provider.GetRequiredService<DockerActorRunner>()));
    }

    private const string OneTask = "{'StartAt': 'Work', 'States': {'Work': {'Type': 'Task', 'Resource': 'actor:%', 'End': true}}}";

    [Fact]
    public async Task the_process_that_still_holds_it_starts_its_own_container_once()
    {
        var (id, gate, placed) = await StartHeldAsync("placed-once");

        await host.QueryAsync($"UPDATE joy.run_queue SET lease_expires_at = now() - interval '1 second' WHERE run_id = '{placed.RunId}'");
        await Eventually.TrueAsync(async () => (await host.QueryAsync(
                $"SELECT lease_expires_at > now() FROM joy.run_queue WHERE run_id = '{placed.RunId}'")).SequenceEqual([true]),
            TimeSpan.FromSeconds(15), "the claim loop to find the expired lease");
        // A takeover, had it started, re-attaches within milliseconds: give it far longer before the start goes on.
        await Task.Delay(TimeSpan.FromSeconds(2));
        gate.Release();
        var instance = await Instances.WaitAsync(host.Client, id);

        instance.Status().ShouldBe("Succeeded", instance.ToJsonString());
        instance.Runs().Count.ShouldBe(1, instance.ToJsonString()); // not lost to a takeover and retried
        instance.Runs()[0]!["containerId"]!.GetValue<string>().ShouldBe(placed.ContainerId);
        gate.Placements.ShouldBe(1);
    }

    [Fact]
    public async Task a_container_removed_before_its_start_is_placed_again()
    {
        var (id, gate, placed) = await StartHeldAsync("placed-again");

        using (var client = new DockerNodeClient(placed.Node, ExecutorOptions.FromConfiguration(TestEnvironment.Configuration).Nodes[placed.Node]))
        {
            (await client.RemoveContainerAsync(placed.ContainerId)).ShouldBeTrue();
        }

        gate.Release();
        var instance = await Instances.WaitAsync(host.Client, id);

        instance.Status().ShouldBe("Succeeded", instance.ToJsonString());
        gate.Placements.ShouldBe(2);
        instance.Runs().ShouldHaveSingleItem()!["containerId"]!.GetValue<string>().ShouldNotBe(placed.ContainerId);
    }

    private async Task<(string Id, HoldingPlacements.Gate Gate, ActorRunPlacement Placed)> StartHeldAsync(string name)
    {
        await host.DefineAsync(name, OneTask.Replace("%", name), (name, "echo ran"));
        var gate = host.Runner.Hold();
        var id = await Instances.StartAsync(host.Client, new JsonObject { ["name"] = name });
        var placed = await gate.Held.WaitAsync(TimeSpan.FromSeconds(60));
        return (id, gate, placed);
    }
}
