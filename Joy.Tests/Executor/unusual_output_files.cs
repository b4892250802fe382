namespace Joy.Tests.Executor;

/// <summary>
/// Regression: in the archive of the whole work dir a second hard link to a file carries no data (it points
/// at the first name), so a glob matching it dropped that output.
/// </summary>
public class hard_linked_outputs
{
    [Fact]
    public async Task are_read_back_with_their_content()
    {
        await using var executor = await TestExecutor.StartAsync();
        var sink = new MemorySink();

        var result = await executor.Runner.RunAsync(Requests.Script(
            """echo x > a.txt; ln a.txt b.txt; echo y > c.dat; ln c.dat d.dat; echo '{"Outputs": ["d.dat"]}' > return.json""",
            sink, "*.txt", "c.dat"));

        result.Error.ShouldBeNull(result.Cause);
        result.Outputs.Keys.Order().ShouldBe(["a.txt", "b.txt", "c.dat", "d.dat"]);
        (sink.Text("a.txt"), sink.Text("b.txt"), sink.Text("c.dat"), sink.Text("d.dat")).ShouldBe(("x\n", "x\n", "y\n", "y\n"));
    }
}

public class a_glob_matching_everything
{
    [Fact]
    public async Task takes_what_the_actor_left_but_never_its_script()
    {
        await using var executor = await TestExecutor.StartAsync();

        var result = await executor.Runner.RunAsync(Requests.Script("mkdir d; echo a > d/a.txt; ln -s d/a.txt link", null, "**"));

        result.Error.ShouldBeNull(result.Cause);
        result.Outputs.Keys.ShouldBe(["d/a.txt"]);
    }
}

public class return_json_declared_as_an_output
{
    [Fact]
    public async Task is_stored_as_well_as_read()
    {
        await using var executor = await TestExecutor.StartAsync();
        var sink = new MemorySink();

        var result = await executor.Runner.RunAsync(Requests.Script(
            """echo '{"Outputs": ["a.txt"], "Data": {"n": 1}}' > return.json; echo a > a.txt""", sink, "return.json"));

        result.Error.ShouldBeNull(result.Cause);
        result.Outputs.Keys.Order().ShouldBe(["a.txt", "return.json"]);
        sink.Text("return.json").ShouldContain("\"n\": 1");
        result.Data!.Value.GetProperty("n").GetInt32().ShouldBe(1);
    }
}
