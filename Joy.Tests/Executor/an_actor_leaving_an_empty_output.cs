namespace Joy.Tests.Executor;

/// <summary>Regression: an empty output file (an empty stderr.txt) was reported as not produced.</summary>
public class an_actor_leaving_an_empty_output
{
    [Fact]
    public async Task has_it_stored_as_an_empty_file()
    {
        await using var executor = await TestExecutor.StartAsync();
        var sink = new MemorySink();

        var result = await executor.Runner.RunAsync(Requests.Script(": > empty.txt; echo hi > full.txt", sink, "empty.txt", "full.txt"));

        result.Error.ShouldBeNull(result.Cause);
        sink.Files["empty.txt"].ShouldBeEmpty();
        sink.Text("full.txt").ShouldBe("hi\n");
    }
}
