using Joy.Executor.Runs;

namespace Joy.Tests.Executor;

public class node_capacity
{
    [Fact]
    public async Task is_never_exceeded_and_every_waiting_run_finishes()
    {
        await using var executor = await TestExecutor.StartAsync(options =>
        {
            foreach (var node in options.Nodes.Values)
            {
                node.MaxRunningJobs = 2;
            }
        });
        var maxPerNode = new Dictionary<string, int>();
        var maxQueued = 0;
        using var stop = new CancellationTokenSource();
        var sampler = Task.Run(async () =>
        {
            while (!stop.IsCancellationRequested)
            {
                // What the daemons really run, not only what the pool believes.
                foreach (var node in executor.Pool.Nodes)
                {
                    var running = (await executor.ContainersAsync(node.Name)).Count(container => container.State == "running");
                    maxPerNode[node.Name] = Math.Max(maxPerNode.GetValueOrDefault(node.Name), running);
                }

                maxQueued = Math.Max(maxQueued, executor.Pool.GetSnapshot().Queue.Count);
                await Task.Delay(20);
            }
        });

        var results = await Task.WhenAll(Enumerable.Range(0, 8).Select(_ => executor.Runner.RunAsync(Requests.Script("sleep 1"))));
        await stop.CancelAsync();
        await sampler;

        results.ShouldAllBe(result => result.Error == null && result.ExitCode == 0);
        results.GroupBy(result => result.Node).Select(group => group.Count()).ShouldAllBe(count => count == 4);
        maxPerNode.Values.ShouldAllBe(count => count <= 2);
        maxPerNode.Values.ShouldContain(2);
        maxQueued.ShouldBeGreaterThanOrEqualTo(3);
        executor.Pool.GetSnapshot().Nodes.ShouldAllBe(node => node.Running.Count == 0);
    }

    [Fact]
    public async Task queues_waiting_runs_by_priority_then_age()
    {
        await using var executor = await TestExecutor.StartAsync(options =>
        {
            options.Nodes = options.Nodes.Where(pair => pair.Key == "node-1").ToDictionary();
            options.Nodes["node-1"].MaxRunningJobs = 1;
        });
        var order = new List<string>();
        var blocker = executor.Runner.RunAsync(Requests.Script("sleep 1"));
        await WaitUntilAsync(() => executor.Pool.GetSnapshot().Nodes[0].Running.Count == 1);

        Task Run(string name, int priority)
        {
            var request = Requests.Script("true") with { Priority = priority };
            return executor.Runner.RunAsync(request).ContinueWith(_ => { lock (order) { order.Add(name); } });
        }

        var low = Run("low", 0);
        var highFirst = Run("high-first", 5);
        var highSecond = Run("high-second", 5);
        await WaitUntilAsync(() => executor.Pool.GetSnapshot().Queue.Count == 3);
        executor.Pool.GetSnapshot().Queue.Select(run => run.Priority).ShouldBe([5, 5, 0]);

        await Task.WhenAll(blocker, low, highFirst, highSecond);
        order.ShouldBe(["high-first", "high-second", "low"]);
    }

    internal static async Task WaitUntilAsync(Func<bool> condition, int timeoutMs = 20_000)
    {
        var deadline = DateTime.UtcNow.AddMilliseconds(timeoutMs);
        while (!condition())
        {
            DateTime.UtcNow.ShouldBeLessThan(deadline, "condition not met in time");
            await Task.Delay(20);
        }
    }
}
