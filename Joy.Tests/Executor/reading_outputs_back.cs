using Joy.Application.Execution;

namespace Joy.Tests.Executor;

// Every archive download that finds its path re-execs dockerd; these pin how many a run costs and that
// cutting them never loses an output.

public class an_actor_with_declared_and_listed_outputs
{
    [Fact]
    public async Task has_them_and_return_json_back_in_one_archive_read()
    {
        await using var executor = await TestExecutor.StartAsync();
        await using var calls = await ArchiveCalls.WatchAsync(executor);
        var sink = new MemorySink();
        // As judge-run does: "Main" comes before return.json in the archive, the std* files after it.
        var request = Requests.Script(
            """
            echo binary > Main; echo out > stdout.txt; : > stderr.txt
            echo '{"Outputs": ["Main", "stdout.txt", "stderr.txt"], "Data": {"exitCode": 0}}' > return.json
            """, sink, "stdout.txt") with { Inputs = new Dictionary<string, ActorInput> { ["stdin.txt"] = ActorInput.FromText("1 2") } };

        var result = await executor.Runner.RunAsync(request.Only(ArchiveCalls.Node, executor.Options.Nodes.Keys));

        result.Error.ShouldBeNull(result.Cause);
        result.Outputs.Keys.Order().ShouldBe(["Main", "stderr.txt", "stdout.txt"]);
        (sink.Text("Main"), sink.Text("stdout.txt"), sink.Text("stderr.txt")).ShouldBe(("binary\n", "out\n", ""));
        result.Data!.Value.GetProperty("exitCode").GetInt32().ShouldBe(0);
        // Small text inputs are written by the container itself (InlineWorkDir): no upload.
        (await calls.UntilRemovedAsync(result.ContainerId!)).ShouldBe((Uploads: 0, Downloads: 1));
    }
}

public class an_actor_writing_no_return_json_and_no_outputs
{
    [Fact]
    public async Task succeeds_without_any_file_downloaded()
    {
        await using var executor = await TestExecutor.StartAsync();
        await using var calls = await ArchiveCalls.WatchAsync(executor);

        var result = await executor.Runner.RunAsync(Requests.Script("echo hi > scratch.txt").Only(ArchiveCalls.Node, executor.Options.Nodes.Keys));

        result.Error.ShouldBeNull(result.Cause);
        result.ExitCode.ShouldBe(0);
        result.Outputs.ShouldBeEmpty();
        result.Data.ShouldBeNull();
        (await calls.UntilRemovedAsync(result.ContainerId!)).ShouldBe((Uploads: 0, Downloads: 0));
    }
}

public class an_actor_with_large_inputs
{
    [Fact]
    public async Task has_each_output_downloaded_on_its_own_instead_of_the_work_dir()
    {
        await using var executor = await TestExecutor.StartAsync(options => options.WorkDirReadLimitBytes = 64 * 1024);
        await using var calls = await ArchiveCalls.WatchAsync(executor);
        var sink = new MemorySink();
        var request = Requests.Script("wc -c < data.bin > a.txt; echo b > b.txt", sink, "a.txt", "b.txt") with
        {
            Inputs = new Dictionary<string, ActorInput> { ["data.bin"] = ActorInput.FromBytes(new byte[256 * 1024]) },
        };

        var result = await executor.Runner.RunAsync(request.Only(ArchiveCalls.Node, executor.Options.Nodes.Keys));

        result.Error.ShouldBeNull(result.Cause);
        (sink.Text("a.txt").Trim(), sink.Text("b.txt")).ShouldBe(("262144", "b\n"));
        sink.Files.ContainsKey("data.bin").ShouldBeFalse();
        (await calls.UntilRemovedAsync(result.ContainerId!)).ShouldBe((Uploads: 1, Downloads: 2));
    }
}

public class a_work_dir_over_the_read_limit
{
    [Fact]
    public async Task still_has_every_output_back_and_names_the_missing_one()
    {
        await using var executor = await TestExecutor.StartAsync(options => options.WorkDirReadLimitBytes = 64 * 1024);
        var sink = new MemorySink();
        // junk.bin (no output) stops the work-dir read between a.txt and z.txt; big.bin, listed by return.json
        // and ahead of it in the archive, is too big to hold until return.json is read.
        var request = Requests.Script(
            """
            echo a > a.txt; echo z > z.txt
            head -c 262144 /dev/zero > junk.bin; head -c 131072 /dev/zero | tr '\0' b > big.bin
            echo '{"Outputs": ["big.bin"]}' > return.json
            """, sink, "a.txt", "z.txt", "nope.txt");

        var result = await executor.Runner.RunAsync(request);

        result.Error.ShouldBe(ActorRunErrors.OutputMissing);
        result.Cause.ShouldBe("output(s) not produced: 'nope.txt'");
        result.Outputs.Keys.Order().ShouldBe(["a.txt", "big.bin", "z.txt"]);
        (sink.Text("a.txt"), sink.Text("z.txt")).ShouldBe(("a\n", "z\n"));
        sink.Text("big.bin").ShouldBe(new string('b', 131072));
    }

    [Fact]
    public async Task still_reads_every_glob_match()
    {
        await using var executor = await TestExecutor.StartAsync(options => options.WorkDirReadLimitBytes = 1024);
        var sink = new MemorySink();

        var result = await executor.Runner.RunAsync(Requests.Script("head -c 65536 /dev/zero > a.bin; echo z > z.out", sink, "*.out"));

        result.Error.ShouldBeNull(result.Cause);
        result.Outputs.Keys.ShouldBe(["z.out"]);
        sink.Text("z.out").ShouldBe("z\n");
    }
}
