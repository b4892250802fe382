using Joy.Domain.Asl;
using Joy.Domain.Instances;
using static Joy.Tests.Domain.Build;
using static Joy.Tests.Domain.GivenWhenThen;

namespace Joy.Tests.Domain.Instances;

public class a_map_whose_item_fails
{
    private const string Guarded = """
        {'StartAt': 'M', 'States': {
          'M': {'Type': 'Map', 'ResultPath': '$.results', 'Next': 'Done',
            'Retry': [{'ErrorEquals': ['Item.Bad'], 'MaxAttempts': 1, 'IntervalSeconds': 5}],
            'Catch': [{'ErrorEquals': ['States.ALL'], 'ResultPath': '$.failure', 'Next': 'Done'}],
            'ItemsPath': '$.items',
            'Iterator': {'StartAt': 'Check', 'States': {
              'Check': {'Type': 'Choice', 'Choices': [{'Variable': '$', 'NumericLessThan': 0, 'Next': 'Bad'}], 'Default': 'T'},
              'Bad': {'Type': 'Fail', 'Error': 'Item.Bad', 'Cause': 'negative'},
              'T': {'Type': 'Task', 'Resource': 'actor:work', 'End': true}}}},
          'Done': {'Type': 'Succeed'}}}
        """;

    [Fact]
    public void is_retried_as_a_whole_then_caught_with_the_item_error()
    {
        var flow = Started(Guarded, "{'items': [1, -1]}");
        var retry = flow.Single<RetryScheduled>();
        retry.Error.ShouldBe("Item.Bad");
        flow.Single<ActorRunCancelled>().RunId.ShouldBe(flow.RunOf("M[0]/T"));
        flow.State.Status.ShouldBe(InstanceStatus.Running);

        flow.When(new FireTimer(retry.TimerId), T0.AddSeconds(5));

        flow.Last.OfType<StateFailed>().Select(f => (f.Path, f.CaughtBy)).ShouldBe([("M[1]/Bad", null), ("M", "Done")]);
        flow.Output()!["failure"]!.ToJsonString().ShouldBe("{\"Error\":\"Item.Bad\",\"Cause\":\"negative\"}");
        flow.State.ActiveRuns.ShouldBeEmpty();
    }

    [Fact]
    public void a_late_result_of_an_abandoned_item_is_ignored()
    {
        var flow = Started(Guarded, "{'items': [1, -1]}");
        var abandoned = flow.RunOf("M[0]/T");

        flow.When(new CompleteActorRun(abandoned, Result())).ThenNothing();
    }
}

public class an_execution_timeout
{
    private const string Slow = "{'StartAt': 'T', 'TimeoutSeconds': 60, 'States': {'T': {'Type': 'Task', 'Resource': 'actor:work', 'End': true}}}";

    [Fact]
    public void fails_the_instance_with_states_timeout_and_kills_its_runs()
    {
        var flow = Started(Slow);
        var timer = flow.Single<ExecutionTimeoutScheduled>();
        timer.DueAt.ShouldBe(T0.AddSeconds(60));
        var run = flow.RunOf("T");

        flow.When(new FireTimer(timer.TimerId), T0.AddSeconds(60));

        flow.Last.Select(e => e.GetType().Name).ShouldBe(["TimerFired", "ActorRunCancelled", "InstanceFailed"]);
        flow.Single<ActorRunCancelled>().RunId.ShouldBe(run);
        flow.Single<InstanceFailed>().Error.ShouldBe(AslErrors.Timeout);
    }

    [Fact]
    public void does_nothing_once_the_instance_has_finished()
    {
        var flow = Started(Slow);
        var timer = flow.Single<ExecutionTimeoutScheduled>().TimerId;
        flow.Complete("T");

        flow.State.PendingTimers.ShouldBeEmpty();
        flow.When(new FireTimer(timer)).ThenNothing();
    }
}

public class starting_an_instance
{
    [Fact]
    public void is_rejected_when_an_actor_it_needs_was_not_given() =>
        Should.Throw<InstanceCommandRejectedException>(() => Interpreter.Decide(
            Start("{'StartAt': 'T', 'States': {'T': {'Type': 'Task', 'Resource': 'actor:ghost', 'End': true}}}"), InstanceState.Initial, T0))
            .Message.ShouldContain("unknown actor 'ghost'");

    [Fact]
    public void twice_changes_nothing_the_second_time()
    {
        var definition = "{'StartAt': 'T', 'States': {'T': {'Type': 'Task', 'Resource': 'actor:work', 'End': true}}}";
        new GivenWhenThen().When(Start(definition)).When(Start(definition)).ThenNothing();
    }
}

public class a_parallel_inside_a_map
{
    [Fact]
    public void addresses_nested_states_by_their_full_path_and_nests_the_results()
    {
        var flow = Started("""
            {'StartAt': 'M', 'States': {'M': {'Type': 'Map', 'End': true, 'Iterator': {'StartAt': 'P', 'States': {
              'P': {'Type': 'Parallel', 'End': true, 'Branches': [
                {'StartAt': 'A', 'States': {'A': {'Type': 'Task', 'Resource': 'actor:work', 'OutputPath': '$.data', 'End': true}}},
                {'StartAt': 'B', 'States': {'B': {'Type': 'Pass', 'End': true}}}]}}}}}}
            """, "['x', 'y']");

        flow.History.OfType<ActorRunRequested>().Select(r => r.Path).ShouldBe(["M[0]/P[0]/A", "M[1]/P[0]/A"]);
        flow.Complete("M[1]/P[0]/A", Result(data: "1")).Complete("M[0]/P[0]/A", Result(data: "0"));

        flow.Output()!.ToJsonString().ShouldBe("[[0,\"x\"],[1,\"y\"]]");
        flow.State.Scopes.Keys.ShouldBe([""]);
    }
}
