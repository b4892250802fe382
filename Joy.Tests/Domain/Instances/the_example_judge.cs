using System.Text.Json.Nodes;
using Joy.Domain;
using Joy.Domain.Definitions;
using Joy.Domain.Instances;
using Joy.Tests.Definitions;
using static Joy.Tests.Domain.Build;

namespace Joy.Tests.Domain.Instances;

/// <summary>
/// examples/judge's own state machine driven with simulated results of its run actor: how a memory hog's run
/// becomes MLE, whether run.sh survives the OOM killer (exit 0, the program's 137 in Data) or not (137 itself).
/// </summary>
public class the_example_judge
{
    private static readonly IReadOnlyDictionary<string, ActorDefinition> Actors = JudgeExample.Actors()
        .Select(actor => DomainJson.FromNode<ActorDefinition>(actor)!).ToDictionary(actor => actor.Name);

    private static readonly StateMachineDefinition Machine = DomainJson.FromNode<StateMachineDefinition>(JudgeExample.StateMachine())!;

    private static GivenWhenThen Compiled()
    {
        var flow = new GivenWhenThen().When(new StartInstance("judge-1", Machine, 1, Actors, Json("{'blobs': {}}"), new InstanceOptions()));
        return flow.Complete("Compile", Result(data: "{'compiled': true, 'tests': [{'name': '1', 'input': {'blob': 'in'}, 'output': {'blob': 'out'}}]}")
            .Also(result => result["outputs"] = Json("{'Main': {'blob': 'b1n'}}")));
    }

    private static JsonObject OomKilled(int exitCode, string? data) => Result(exitCode, data).Also(result =>
    {
        result["oomKilled"] = true;
        result["memoryLimitHit"] = true;
        result["peakMemoryBytes"] = 67088384;
        result["cpuTimeMs"] = 401;
    });

    private static JsonNode? SummarizedTests(GivenWhenThen flow) =>
        flow.Last.OfType<ActorRunRequested>().ShouldHaveSingleItem().Input!["tests"];

    [Fact]
    public void an_oom_killed_program_under_a_surviving_run_script_is_mle()
    {
        var flow = Compiled().Complete("RunTests[0]/Run", OomKilled(0, "{'exitCode': 137}"));

        SummarizedTests(flow)!.ToJsonString().ShouldBe("""[{"test":"1","verdict":"MLE","cpuTimeMs":401,"peakMemoryBytes":67088384,"oomKilled":true}]""");
    }

    [Fact]
    public void an_oom_kill_that_takes_the_run_script_along_is_mle_too()
    {
        var flow = Compiled().Complete("RunTests[0]/Run", OomKilled(137, null));

        SummarizedTests(flow)!.ToJsonString().ShouldBe("""[{"test":"1","verdict":"MLE","cpuTimeMs":401,"peakMemoryBytes":67088384,"oomKilled":true}]""");
    }

    [Fact]
    public void a_run_script_failing_for_another_reason_still_fails_the_instance()
    {
        // As the executor reports it: every member present, memoryLimitHit too.
        var flow = Compiled().Complete("RunTests[0]/Run", Result(exitCode: 2).Also(result => result["memoryLimitHit"] = false));

        flow.State.Status.ShouldBe(InstanceStatus.Failed);
        flow.State.Error.ShouldBe("Actor.ExitCode");
    }
}
