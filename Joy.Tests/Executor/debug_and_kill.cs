using Joy.Application.Execution;
using Joy.Executor.Docker;

namespace Joy.Tests.Executor;

public class a_debug_run
{
    [Theory]
    [InlineData("node-1")]
    [InlineData("node-2")]
    public async Task keeps_its_container_with_its_work_dir(string node)
    {
        await using var executor = await TestExecutor.StartAsync();
        var request = Requests.Script("echo kept > note.txt") with { Debug = true, InstanceId = "instance-debug" };

        var result = await executor.Runner.RunAsync(request.Only(node, executor.Options.Nodes.Keys));

        result.Error.ShouldBeNull(result.Cause);
        var container = (await executor.ContainersAsync(node)).ShouldHaveSingleItem();
        container.ID.ShouldBe(result.ContainerId);
        container.Labels!["joy.debug"].ShouldBe("true");
        container.Labels["joy.instance"].ShouldBe("instance-debug");
        var archive = await executor.Pool.FindNode(node)!.Client.GetArchiveFromContainerAsync(container.ID, "/workdir/note.txt");
        await using var tar = archive.ShouldNotBeNull().Stream;
        archive.Stat.Size.ShouldBe(5);
    }
}

public class killing_a_run
{
    [Fact]
    public async Task stops_it_and_reports_it_killed()
    {
        await using var executor = await TestExecutor.StartAsync();
        var request = Requests.Script("sleep 30");
        var run = executor.Runner.RunAsync(request);
        await node_capacity.WaitUntilAsync(() => executor.ContainersAsync().Result.Any(each => each.State == "running"));

        (await executor.Runner.KillAsync(request.RunId)).ShouldBeTrue();
        var result = await run.WaitAsync(TimeSpan.FromSeconds(20));

        result.Error.ShouldBe(ActorRunErrors.Killed);
        result.ExitCode.ShouldBe(137);
        result.OomKilled.ShouldBeFalse(); // a SIGKILL we sent is not taken for the OOM killer's
        (await executor.ContainersAsync()).ShouldBeEmpty();
        (await executor.Runner.KillAsync(request.RunId)).ShouldBeFalse();
    }
}
