namespace Joy.Tests.Executor;

public class a_node_stopped_mid_run
{
    [Fact]
    public async Task loses_its_runs_even_when_its_shutdown_lets_them_exit_cleanly()
    {
        await using var doomed = await ThrowawayNode.StartAsync("stop");
        await using var executor = await NodeLoss.ExecutorWithAsync(doomed);

        // The daemon's shutdown sends the containers SIGTERM; they exit 0 on it, as if they had finished.
        await NodeLoss.LoseRunningNodeAsync(executor, doomed, doomed.StopAsync);
    }
}
