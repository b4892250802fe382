namespace Joy.Tests.Executor;

public class a_node_that_stops_answering
{
    [Fact]
    public async Task loses_its_runs_and_new_runs_go_to_the_other_node_until_it_rejoins()
    {
        await using var doomed = await ThrowawayNode.StartAsync("lost");
        await using var executor = await NodeLoss.ExecutorWithAsync(doomed);

        await NodeLoss.LoseRunningNodeAsync(executor, doomed, doomed.FreezeAsync);

        await doomed.ThawAsync();
        await node_capacity.WaitUntilAsync(() => executor.Pool.FindNode(doomed.Name)!.IsHealthy);
        var back = await executor.Runner.RunAsync(Requests.Script("true").On(doomed.Name));
        back.Node.ShouldBe(doomed.Name);
        // The lost runs' containers are cleared away once the node is back, so nothing runs twice.
        await node_capacity.WaitUntilAsync(() => executor.ContainersAsync(doomed.Name).Result.Count == 0);
    }
}
