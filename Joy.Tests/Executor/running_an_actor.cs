using System.Text;
using Joy.Application.Execution;

namespace Joy.Tests.Executor;

public class running_an_actor
{
    public static TheoryData<string> Nodes => ["node-1", "node-2"];

    [Theory]
    [MemberData(nameof(Nodes))]
    public async Task gets_its_inputs_and_returns_outputs_and_data(string node)
    {
        await using var executor = await TestExecutor.StartAsync();
        var sink = new MemorySink();
        var request = Requests.Script(
            """
            cat data/in.txt | tr a-z A-Z > out.txt
            mkdir -p res && echo extra > res/more.txt
            echo '{"Outputs": ["res/more.txt"], "Data": {"answer": 42}}' > return.json
            echo done
            """, sink, "out.txt")
            with
            {
                Inputs = new Dictionary<string, ActorInput> { ["data/in.txt"] = ActorInput.FromText("hello joy") },
            };

        var result = await executor.Runner.RunAsync(request.Only(node, executor.Options.Nodes.Keys));

        result.Error.ShouldBeNull(result.Cause);
        result.Node.ShouldBe(node);
        result.ExitCode.ShouldBe(0);
        sink.Text("out.txt").ShouldBe("HELLO JOY");
        sink.Text("res/more.txt").ShouldBe("extra\n");
        result.Outputs.Keys.Order().ShouldBe(["out.txt", "res/more.txt"]);
        result.Data!.Value.GetProperty("answer").GetInt32().ShouldBe(42);
        result.LogText().ShouldBe("done\n");
        (await executor.ContainersAsync()).ShouldBeEmpty();
    }

    [Theory]
    [MemberData(nameof(Nodes))]
    public async Task that_fails_reports_its_exit_code_and_log(string node)
    {
        await using var executor = await TestExecutor.StartAsync();
        var request = Requests.Script("echo to-out; echo to-err >&2; exit 3");

        var result = await executor.Runner.RunAsync(request.Only(node, executor.Options.Nodes.Keys));

        result.Error.ShouldBeNull(result.Cause);
        result.ExitCode.ShouldBe(3);
        result.Succeeded.ShouldBeFalse();
        result.LogText().ShouldContain("to-out\n");
        result.LogText().ShouldContain("to-err\n");
    }

    [Fact]
    public async Task streams_a_large_input_in_and_a_large_output_out()
    {
        await using var executor = await TestExecutor.StartAsync();
        var sink = new MemorySink();
        var big = Encoding.ASCII.GetBytes(string.Concat(Enumerable.Repeat("0123456789abcdef", 256 * 1024))); // 4 MiB
        var request = Requests.Script("cp big.bin copy.bin", sink, "*.bin") with
        {
            Inputs = new Dictionary<string, ActorInput>
            {
                // A forward-only stream, as a blob read from the database would be.
                ["big.bin"] = new(big.Length, _ => Task.FromResult<Stream>(new ForwardOnlyStream(big))),
            },
        };

        var result = await executor.Runner.RunAsync(request);

        result.Error.ShouldBeNull(result.Cause);
        sink.Files["copy.bin"].ShouldBe(big);
        sink.Files["big.bin"].Length.ShouldBe(big.Length);
    }

    private sealed class ForwardOnlyStream(byte[] bytes) : MemoryStream(bytes)
    {
        public override bool CanSeek => false;
    }
}
