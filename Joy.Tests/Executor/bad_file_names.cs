using Joy.Application.Execution;

namespace Joy.Tests.Executor;

public class bad_file_names
{
    [Theory]
    [InlineData("/etc/passwd", "is absolute")]
    [InlineData("../escape.txt", "contains '..'")]
    [InlineData("a/../../b", "contains '..'")]
    [InlineData("", "is empty")]
    [InlineData("a//b", "empty or '.' segment")]
    [InlineData("./a", "empty or '.' segment")]
    [InlineData(".joy/run.sh", "reserves")]
    public void are_named_with_the_reason(string name, string reason) =>
        ActorFileNames.Problem(name).ShouldNotBeNull().ShouldContain(reason);

    [Theory]
    [InlineData("Main.c")]
    [InlineData("tests/input_1.txt")]
    [InlineData("..hidden")]
    public void that_stay_in_the_work_dir_are_accepted(string name) => ActorFileNames.Problem(name).ShouldBeNull();

    [Fact]
    public void are_all_listed_for_a_request()
    {
        var request = Requests.Script("true", null, "/abs/out", "ok.txt") with
        {
            Inputs = new Dictionary<string, ActorInput>
            {
                ["../x"] = ActorInput.FromText("x"),
                ["fine.txt"] = ActorInput.FromText("y"),
            },
        };

        ActorFileNames.Validate(request).ShouldBe(
            ["input '../x': contains '..' and could escape the work dir", "output '/abs/out': is absolute"]);
    }

    [Theory]
    [InlineData("node-1")]
    [InlineData("node-2")]
    public async Task are_rejected_before_any_container_is_created(string node)
    {
        await using var executor = await TestExecutor.StartAsync();
        var opened = false;
        var request = Requests.Script("cat ../../etc/passwd") with
        {
            Inputs = new Dictionary<string, ActorInput>
            {
                ["../../etc/passwd"] = new(1, _ =>
                {
                    opened = true;
                    return Task.FromResult<Stream>(new MemoryStream([1]));
                }),
            },
        };

        var result = await executor.Runner.RunAsync(request.Only(node, executor.Options.Nodes.Keys));

        result.Error.ShouldBe(ActorRunErrors.InvalidFileName);
        result.Cause.ShouldNotBeNull().ShouldContain("../../etc/passwd");
        result.ContainerId.ShouldBeNull();
        opened.ShouldBeFalse();
        (await executor.ContainersAsync()).ShouldBeEmpty();
    }
}
