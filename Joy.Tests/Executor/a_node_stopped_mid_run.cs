using Joy.Application.Execution;

namespace Joy.Tests.Executor;

public class a_node_stopped_mid_run
{
    [Fact]
    public async Task loses_its_runs_even_when_its_shutdown_lets_them_exit_cleanly()
    {
        await using var doomed = await ThrowawayNode.StartAsync("stop");
        await using var executor = await TestExecutor.StartAsync(options =>
        {
            options.Nodes = new() { ["node-1"] = options.Nodes["node-1"], [doomed.Name] = doomed.Options() };
        });
        // The daemon's shutdown sends the containers SIGTERM; these exit 0 on it, as if they had finished.
        var onDoomed = Enumerable.Range(0, 2)
            .Select(_ => executor.Runner.RunAsync(Requests.Script("trap 'exit 0' TERM; sleep 60 & wait").Only(doomed.Name, executor.Options.Nodes.Keys)))
            .ToList();
        await node_capacity.WaitUntilAsync(() =>
            executor.Pool.GetSnapshot().Nodes.Single(node => node.Name == doomed.Name).Running.Count(job => job.ContainerId != null) == 2);
        await Task.Delay(300);

        await doomed.StopAsync();
        var lost = await Task.WhenAll(onDoomed).WaitAsync(TimeSpan.FromSeconds(30));

        lost.ShouldAllBe(result => result.Error == ActorRunErrors.NodeLost && result.Node == doomed.Name,
            string.Join(" | ", lost.Select(result => $"{result.Error} {result.Cause} exit={result.ExitCode} node={result.Node}")));
        executor.Pool.FindNode(doomed.Name)!.IsHealthy.ShouldBeFalse();
        var elsewhere = await executor.Runner.RunAsync(Requests.Script("true").On(doomed.Name));
        elsewhere.Error.ShouldBeNull();
        elsewhere.Node.ShouldBe("node-1");
    }
}
