using Joy.Application.Execution;

namespace Joy.Tests.Executor;

public class after_a_restart
{
    [Theory]
    [InlineData("node-1")]
    [InlineData("node-2")]
    public async Task a_running_container_is_reattached_and_collected_not_started_again(string node)
    {
        await using var first = await TestExecutor.StartAsync();
        var sink = new MemorySink();
        var request = Requests.Script("echo begun; sleep 2; echo finished > result.txt; echo ended", sink, "result.txt")
            .Only(node, first.Options.Nodes.Keys);
        using var abandon = new CancellationTokenSource();
        var abandoned = first.Runner.RunAsync(request, abandon.Token);
        await node_capacity.WaitUntilAsync(() => first.Pool.GetSnapshot().Nodes.Any(each => each.Running.Any(job => job.ContainerId != null)));
        await Task.Delay(500);
        // The service goes away mid-run: its wait is abandoned, the container is not touched.
        await abandon.CancelAsync();
        await Should.ThrowAsync<OperationCanceledException>(abandoned);
        var container = (await first.ContainersAsync()).ShouldHaveSingleItem();

        await using var second = await first.RestartAsync();
        var result = await second.Runner.TryReattachAsync(request);

        result.ShouldNotBeNull();
        result.Error.ShouldBeNull(result.Cause);
        result.ContainerId.ShouldBe(container.ID);
        result.Node.ShouldBe(node);
        result.LogText().ShouldBe("begun\nended\n");
        sink.Text("result.txt").ShouldBe("finished\n");
        (await second.ContainersAsync()).ShouldBeEmpty();
    }

    [Fact]
    public async Task a_result_the_caller_could_not_record_keeps_its_container_for_a_reattach_to_collect_again()
    {
        await using var first = await TestExecutor.StartAsync();
        var sink = new MemorySink();
        var request = Requests.Script(
            """
            echo out > o.txt; echo '{"Outputs": ["o.txt"], "Data": {"n": 7}}' > return.json; echo done; exit 3
            """, sink);

        // Recording fails (say the database is down): the run throws and its container must stay.
        var failing = request with { OnCollected = (_, _) => throw new InvalidOperationException("database down") };
        await Should.ThrowAsync<InvalidOperationException>(() => first.Runner.RunAsync(failing));
        var container = (await first.ContainersAsync()).ShouldHaveSingleItem();

        await using var second = await first.RestartAsync();
        ActorRunResult? recorded = null;
        var result = await second.Runner.TryReattachAsync(request with { OnCollected = (r, _) => Task.FromResult(recorded = r) });

        result.ShouldNotBeNull();
        recorded.ShouldBeSameAs(result);
        (result.ContainerId, result.ExitCode, result.LogText()).ShouldBe((container.ID, 3L, "done\n"));
        result.Data!.Value.GetProperty("n").GetInt32().ShouldBe(7);
        sink.Text("o.txt").ShouldBe("out\n");
        (await second.ContainersAsync()).ShouldBeEmpty(); // removed once recorded
    }

    [Fact]
    public async Task a_run_without_a_container_is_not_reattached()
    {
        await using var executor = await TestExecutor.StartAsync();

        (await executor.Runner.TryReattachAsync(Requests.Script("true"))).ShouldBeNull();
    }

    [Fact]
    public async Task containers_no_run_owns_are_removed_except_debug_ones()
    {
        await using var first = await TestExecutor.StartAsync();
        var owned = Requests.Script("sleep 30");
        var orphan = Requests.Script("sleep 30");
        var debug = Requests.Script("true") with { Debug = true };
        using var abandon = new CancellationTokenSource();
        var runs = new[] { first.Runner.RunAsync(owned, abandon.Token), first.Runner.RunAsync(orphan, abandon.Token) };
        (await first.Runner.RunAsync(debug)).Error.ShouldBeNull();
        await node_capacity.WaitUntilAsync(() => first.ContainersAsync().Result.Count(each => each.State == "running") == 2);
        await abandon.CancelAsync();
        await Task.WhenAll(runs.Select(run => run.ContinueWith(_ => { })));

        await using var second = await first.RestartAsync();
        IReadOnlyList<string> asked = [];
        var removed = await second.Runner.RemoveOrphansAsync((runIds, _) =>
        {
            asked = runIds;
            return Task.FromResult<IReadOnlySet<string>>(new HashSet<string> { owned.RunId });
        });

        asked.Order().ShouldBe(new[] { owned.RunId, orphan.RunId }.Order()); // not the debug one
        removed.ShouldHaveSingleItem();
        var left = await second.ContainersAsync();
        left.Select(each => each.Labels!["joy.run"]).Order().ShouldBe(new[] { owned.RunId, debug.RunId }.Order());
    }
}
