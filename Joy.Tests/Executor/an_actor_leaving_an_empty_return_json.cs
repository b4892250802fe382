using Joy.Application.Execution;

namespace Joy.Tests.Executor;

/// <summary>Regression: an empty return.json (no data stream in its tar entry) threw instead of being reported.</summary>
public class an_actor_leaving_an_empty_return_json
{
    [Theory]
    [InlineData]
    [InlineData("out.txt")]
    public async Task has_it_reported_as_invalid_json(params string[] outputs)
    {
        await using var executor = await TestExecutor.StartAsync();

        var result = await executor.Runner.RunAsync(Requests.Script(": > return.json; echo o > out.txt", null, outputs));

        result.Error.ShouldBe(ActorRunErrors.ReturnJsonInvalid);
        result.Cause.ShouldNotBeNull().ShouldStartWith("return.json is not valid JSON");
    }
}
