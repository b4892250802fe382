using Joy.Application.Execution;
using Joy.Executor.Runs;

namespace Joy.Tests.Executor;

public class declared_outputs
{
    [Fact]
    public async Task that_are_missing_fail_the_run_naming_each()
    {
        await using var executor = await TestExecutor.StartAsync();
        var sink = new MemorySink();
        var request = Requests.Script(
            """echo a > present.txt; echo '{"Outputs": ["listed.txt"]}' > return.json""",
            sink, "present.txt", "absent.txt", "*.bin");

        var result = await executor.Runner.RunAsync(request);

        result.Error.ShouldBe(ActorRunErrors.OutputMissing);
        result.Cause.ShouldBe("output(s) not produced: '*.bin', 'absent.txt', 'listed.txt'");
        result.Outputs.Keys.ShouldBe(["present.txt"]);
        sink.Text("present.txt").ShouldBe("a\n");
    }

    [Fact]
    public async Task that_are_missing_are_named_when_only_exact_names_are_declared()
    {
        await using var executor = await TestExecutor.StartAsync();
        var sink = new MemorySink();

        var result = await executor.Runner.RunAsync(Requests.Script("echo a > present.txt", sink, "present.txt", "absent.txt"));

        result.Error.ShouldBe(ActorRunErrors.OutputMissing);
        result.Cause.ShouldBe("output(s) not produced: 'absent.txt'");
        result.Outputs.Keys.ShouldBe(["present.txt"]);
        sink.Text("present.txt").ShouldBe("a\n");
    }

    [Fact]
    public async Task that_are_missing_after_a_failed_exit_leave_the_exit_code_to_speak()
    {
        await using var executor = await TestExecutor.StartAsync();
        var request = Requests.Script("echo 'Main.c:1: error' >&2; exit 1", null, "Main");

        var result = await executor.Runner.RunAsync(request);

        result.Error.ShouldBeNull();
        result.ExitCode.ShouldBe(1);
        result.LogText().ShouldContain("Main.c:1: error");
    }

    [Fact]
    public async Task named_unsafely_by_return_json_are_refused()
    {
        await using var executor = await TestExecutor.StartAsync();
        var request = Requests.Script("""echo '{"Outputs": ["../../etc/shadow"]}' > return.json""");

        var result = await executor.Runner.RunAsync(request);

        result.Error.ShouldBe(ActorRunErrors.ReturnJsonInvalid);
        result.Cause.ShouldNotBeNull().ShouldContain("../../etc/shadow");
        result.Outputs.ShouldBeEmpty();
    }

    [Theory]
    [InlineData("*.txt", "a.txt", true)]
    [InlineData("*.txt", "dir/a.txt", false)]
    [InlineData("**/*.txt", "dir/sub/a.txt", true)]
    [InlineData("**/*.txt", "a.txt", true)]
    [InlineData("out_?.txt", "out_1.txt", true)]
    [InlineData("out_?.txt", "out_10.txt", false)]
    [InlineData("a.b", "aXb", false)]
    public void match_globs_as_a_shell_would(string pattern, string name, bool matches) =>
        OutputGlob.ToRegex(pattern).IsMatch(name).ShouldBe(matches);
}
