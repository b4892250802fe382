using Joy.Application.Execution;

namespace Joy.Tests.Executor;

/// <summary>The shared scenario of the node-loss tests: two runs in flight on a node that is then lost.</summary>
internal static class NodeLoss
{
    /// <summary>
    /// Starts two long runs on <paramref name="doomed"/>, waits until both have containers, loses the
    /// node with <paramref name="lose"/>, and checks what a lost node must give: both runs
    /// <c>Joy.NodeLost</c>, the node unhealthy, and a new run placed on node-1 instead. The runs'
    /// script exits 0 on SIGTERM, so a node whose shutdown stops them cannot pass them off as finished.
    /// </summary>
    public static async Task LoseRunningNodeAsync(TestExecutor executor, ThrowawayNode doomed, Func<Task> lose)
    {
        var onDoomed = Enumerable.Range(0, 2)
            .Select(_ => executor.Runner.RunAsync(Requests.Script("trap 'exit 0' TERM; sleep 60 & wait").Only(doomed.Name, executor.Options.Nodes.Keys)))
            .ToList();
        await node_capacity.WaitUntilAsync(() =>
            executor.Pool.GetSnapshot().Nodes.Single(node => node.Name == doomed.Name).Running.Count(job => job.ContainerId != null) == 2);
        await Task.Delay(300);

        await lose();
        var lost = await Task.WhenAll(onDoomed).WaitAsync(TimeSpan.FromSeconds(30));

        lost.ShouldAllBe(result => result.Error == ActorRunErrors.NodeLost && result.Node == doomed.Name,
            string.Join(" | ", lost.Select(result => $"{result.Error} {result.Cause} exit={result.ExitCode} node={result.Node}")));
        executor.Pool.FindNode(doomed.Name)!.IsHealthy.ShouldBeFalse();
        var elsewhere = await executor.Runner.RunAsync(Requests.Script("true").On(doomed.Name));
        elsewhere.Error.ShouldBeNull();
        elsewhere.Node.ShouldBe("node-1");
    }

    /// <summary>An executor over node-1 and <paramref name="doomed"/>.</summary>
    public static Task<TestExecutor> ExecutorWithAsync(ThrowawayNode doomed) => TestExecutor.StartAsync(options =>
    {
        options.Nodes = new() { ["node-1"] = options.Nodes["node-1"], [doomed.Name] = doomed.Options() };
    });
}
