using System.Text.Json.Nodes;
using Joy.Domain.Instances;
using static Joy.Tests.Domain.Build;

namespace Joy.Tests.Domain.Instances;

public class a_parallel_state
{
    private const string TwoBranches = """
        {'StartAt': 'P', 'States': {'P': {'Type': 'Parallel', 'ResultPath': '$.both', 'End': true, 'Branches': [
          {'StartAt': 'A', 'States': {'A': {'Type': 'Task', 'Resource': 'actor:work', 'ResultSelector': {'a.$': '$.data'}, 'End': true}}},
          {'StartAt': 'B', 'States': {'B': {'Type': 'Task', 'Resource': 'actor:work', 'Next': 'B2'}, 'B2': {'Type': 'Pass', 'Result': 'b', 'End': true}}}]}}}
        """;

    [Fact]
    public void runs_every_branch_at_once_with_nested_paths()
    {
        var flow = Started(TwoBranches, "{'x': 1}");

        flow.History.OfType<ActorRunRequested>().Select(r => r.Path).ShouldBe(["P[0]/A", "P[1]/B"]);
        flow.History.OfType<BranchStarted>().Select(b => b.Input!.ToJsonString()).ShouldBe(["{\"x\":1}", "{\"x\":1}"]);
    }

    [Fact]
    public void outputs_the_branch_results_in_branch_order_whatever_order_they_finish()
    {
        var flow = Started(TwoBranches, "{'x': 1}").Complete("P[1]/B");
        flow.State.Status.ShouldBe(InstanceStatus.Running);

        flow.Complete("P[0]/A", Result(data: "7"));

        flow.Output()!.ToJsonString().ShouldBe("{\"x\":1,\"both\":[{\"a\":7},\"b\"]}");
    }

    [Fact]
    public void a_failing_branch_cancels_its_siblings_and_fails_the_state()
    {
        var flow = Started(TwoBranches).Complete("P[1]/B", Result(exitCode: 2));

        flow.Last.Select(e => e.GetType().Name).ShouldBe(["ActorRunFailed", "StateFailed", "ActorRunCancelled", "BranchFailed",
            "StateFailed", "InstanceFailed"]);
        flow.Single<ActorRunCancelled>().RunId.ShouldBe(flow.RunOf("P[0]/A"));
        flow.Complete("P[0]/A").ThenNothing();
    }
}

public class a_map_state
{
    private static string Tests(int maxConcurrency) => $$"""
        {'StartAt': 'Tests', 'States': {'Tests': {'Type': 'Map', 'ItemsPath': '$.cases', 'MaxConcurrency': {{maxConcurrency}},
          'ItemSelector': {'case.$': '$$.Map.Item.Value', 'index.$': '$$.Map.Item.Index', 'binary.$': '$.binary'},
          'ResultPath': '$.verdicts', 'End': true,
          'ItemProcessor': {'StartAt': 'Run', 'States': {'Run': {'Type': 'Task', 'Resource': 'actor:run', 'ResultSelector': {'v.$': '$.data'}, 'OutputPath': '$.v', 'End': true} } } } } }
        """;

    private const string Input = "{'binary': 'b1', 'cases': ['t0', 't1', 't2', 't3', 't4']}";

    [Fact]
    public void selects_each_item_with_its_index_and_the_outer_input()
    {
        var flow = Started(Tests(0), Input);

        flow.History.OfType<BranchStarted>().Select(b => b.Input!.ToJsonString()).ShouldBe(
            Enumerable.Range(0, 5).Select(i => $"{{\"case\":\"t{i}\",\"index\":{i},\"binary\":\"b1\"}}"));
        flow.History.OfType<ActorRunRequested>().Count().ShouldBe(5);
    }

    [Fact]
    public void requests_no_more_than_max_concurrency_runs_and_more_as_earlier_items_finish()
    {
        var flow = Started(Tests(2), Input);
        flow.History.OfType<ActorRunRequested>().Select(r => r.Path).ShouldBe(["Tests[0]/Run", "Tests[1]/Run"]);

        flow.Complete("Tests[1]/Run", Result(data: "'WA'"));
        flow.Single<ActorRunRequested>().Path.ShouldBe("Tests[2]/Run");
        flow.State.ActiveRuns.Count().ShouldBe(2);

        foreach (var path in new[] { "Tests[2]/Run", "Tests[0]/Run", "Tests[3]/Run", "Tests[4]/Run" })
        {
            flow.Complete(path, Result(data: $"'AC{path[6]}'"));
            flow.State.ActiveRuns.Count().ShouldBeLessThanOrEqualTo(2);
        }

        flow.Output()!["verdicts"]!.ToJsonString().ShouldBe("[\"AC0\",\"WA\",\"AC2\",\"AC3\",\"AC4\"]");
    }

    [Fact]
    public void an_empty_item_list_outputs_an_empty_array() =>
        Started(Tests(0), "{'binary': 'b', 'cases': []}").Output()!["verdicts"]!.ToJsonString().ShouldBe("[]");

    [Fact]
    public void items_path_naming_no_array_fails_with_a_runtime_error() =>
        Started(Tests(0), "{'binary': 'b', 'cases': 3}").Single<InstanceFailed>().Error.ShouldBe("States.Runtime");

    [Fact]
    public void a_map_of_pass_states_finishes_in_one_decision_in_item_order() =>
        Started("""
            {'StartAt': 'M', 'States': {'M': {'Type': 'Map', 'MaxConcurrency': 1, 'End': true,
              'Iterator': {'StartAt': 'Double', 'States': {'Double': {'Type': 'Pass', 'Parameters': {'v.$': 'States.MathAdd($.n, $.n)'}, 'OutputPath': '$.v', 'End': true}}}}}}
            """, "[{'n': 1}, {'n': 2}, {'n': 3}]").Output()!.ToJsonString().ShouldBe("[2,4,6]");
}
