using Joy.Domain.Instances;
using static Joy.Tests.Domain.Build;

namespace Joy.Tests.Domain.Instances;

public class the_input_output_pipeline
{
    private const string Pipeline = """
        {'StartAt': 'T', 'States': {'T': {'Type': 'Task', 'Resource': 'actor:work', 'End': true,
          'InputPath': '$.job',
          'Parameters': {'files': {'Main.c.$': '$.src'}, 'who.$': '$$.Execution.Id', 'label.$': 'States.Format(\'run {}\', $.n)'},
          'ResultSelector': {'code.$': '$.exitCode', 'answer.$': '$.data.answer'},
          'ResultPath': '$.job.result',
          'OutputPath': '$.job'}}}
        """;

    [Fact]
    public void input_path_then_parameters_make_the_actor_input()
    {
        var flow = Started(Pipeline.Replace("\\'", "\\u0027"), "{'job': {'src': {'blob': 'abc'}, 'n': 2}, 'other': 1}");

        var run = flow.Single<ActorRunRequested>();
        run.Input!.ToJsonString().ShouldBe("{\"files\":{\"Main.c\":{\"blob\":\"abc\"}},\"who\":\"i-1\",\"label\":\"run 2\"}");
        run.Files["Main.c"].ShouldBe("abc");
    }

    [Fact]
    public void result_selector_result_path_and_output_path_make_the_output()
    {
        var flow = Started(Pipeline.Replace("\\'", "\\u0027"), "{'job': {'src': 'abc', 'n': 2}, 'other': 1}")
            .Complete("T", Result(data: "{'answer': 42}"));

        flow.Output()!.ToJsonString().ShouldBe("{\"src\":\"abc\",\"n\":2,\"result\":{\"code\":0,\"answer\":42}}");
    }

    [Fact]
    public void a_null_result_path_keeps_the_input_and_a_null_output_path_gives_an_empty_object()
    {
        Started("{'StartAt': 'T', 'States': {'T': {'Type': 'Task', 'Resource': 'actor:work', 'ResultPath': null, 'End': true}}}", "{'keep': 1}")
            .Complete("T").Output()!.ToJsonString().ShouldBe("{\"keep\":1}");
        Started("{'StartAt': 'T', 'States': {'T': {'Type': 'Task', 'Resource': 'actor:work', 'OutputPath': null, 'End': true}}}", "{'keep': 1}")
            .Complete("T").Output()!.ToJsonString().ShouldBe("{}");
    }

    [Fact]
    public void a_null_input_path_gives_the_task_an_empty_object() =>
        Started("{'StartAt': 'T', 'States': {'T': {'Type': 'Task', 'Resource': 'actor:work', 'InputPath': null, 'End': true}}}", "{'a': 1}")
            .Single<ActorRunRequested>().Input!.ToJsonString().ShouldBe("{}");

    [Fact]
    public void a_parameter_path_naming_nothing_fails_the_state_with_parameter_path_failure() =>
        Started("{'StartAt': 'T', 'States': {'T': {'Type': 'Task', 'Resource': 'actor:work', 'Parameters': {'x.$': '$.nope'}, 'End': true}}}")
            .Single<InstanceFailed>().Error.ShouldBe("States.ParameterPathFailure");

    [Fact]
    public void a_result_path_that_cannot_be_applied_fails_with_result_path_match_failure() =>
        Started("{'StartAt': 'T', 'States': {'T': {'Type': 'Task', 'Resource': 'actor:work', 'ResultPath': '$.a.b', 'End': true}}}", "{'a': 1}")
            .Complete("T").Single<InstanceFailed>().Error.ShouldBe("States.ResultPathMatchFailure");

    [Fact]
    public void states_pass_their_output_on_as_the_next_input()
    {
        var flow = Started("""
            {'StartAt': 'A', 'States': {
              'A': {'Type': 'Pass', 'Result': {'x': 1}, 'ResultPath': '$.a', 'Next': 'B'},
              'B': {'Type': 'Pass', 'Parameters': {'sum.$': 'States.MathAdd($.a.x, $.base)'}, 'ResultPath': '$.b', 'Next': 'C'},
              'C': {'Type': 'Succeed', 'OutputPath': '$.b'}}}
            """, "{'base': 10}");

        flow.History.OfType<StateEntered>().Select(e => e.Path).ShouldBe(["A", "B", "C"]);
        flow.History.OfType<StateEntered>().Last().Input!.ToJsonString().ShouldBe("{\"base\":10,\"a\":{\"x\":1},\"b\":{\"sum\":11}}");
        flow.Output()!.ToJsonString().ShouldBe("{\"sum\":11}");
    }
}
