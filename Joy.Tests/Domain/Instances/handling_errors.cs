using Joy.Domain.Asl;
using Joy.Domain.Instances;
using static Joy.Tests.Domain.Build;
using static Joy.Tests.Domain.GivenWhenThen;

namespace Joy.Tests.Domain.Instances;

public class retrying_and_catching
{
    private const string Retried = """
        {'StartAt': 'T', 'States': {
          'T': {'Type': 'Task', 'Resource': 'actor:work', 'End': true,
            'Retry': [{'ErrorEquals': ['Actor.ExitCode'], 'IntervalSeconds': 2, 'MaxAttempts': 4, 'BackoffRate': 3, 'MaxDelaySeconds': 30}],
            'Catch': [{'ErrorEquals': ['States.ALL'], 'ResultPath': '$.error', 'Next': 'Handled'}]},
          'Handled': {'Type': 'Pass', 'End': true}}}
        """;

    [Fact]
    public void each_retry_waits_interval_times_backoff_to_the_attempt_capped_by_max_delay()
    {
        var flow = Started(Retried, "{'in': 1}");
        var delays = new List<double>();
        for (var attempt = 1; attempt <= 4; attempt++)
        {
            flow.Complete("T", Result(exitCode: 1));
            var retry = flow.Single<RetryScheduled>();
            retry.Attempt.ShouldBe(attempt + 1);
            delays.Add((retry.DueAt - T0).TotalSeconds);
            flow.When(new FireTimer(retry.TimerId)).Single<ActorRunRequested>().Attempt.ShouldBe(attempt + 1);
        }

        delays.ShouldBe([2, 6, 18, 30]);
        flow.History.OfType<ActorRunRequested>().Select(r => r.RunId).Distinct().Count().ShouldBe(5);
    }

    [Fact]
    public void when_retries_are_exhausted_the_catch_puts_error_and_cause_at_its_result_path()
    {
        var flow = Started(Retried, "{'in': 1}");
        for (var attempt = 1; attempt <= 4; attempt++)
        {
            flow.Complete("T", Result(exitCode: 1));
            flow.When(new FireTimer(flow.Single<RetryScheduled>().TimerId));
        }

        flow.Complete("T", Result(exitCode: 3));

        flow.Single<StateFailed>().CaughtBy.ShouldBe("Handled");
        var output = flow.Output()!;
        output["in"]!.GetValue<int>().ShouldBe(1);
        output["error"]!["Error"]!.GetValue<string>().ShouldBe(AslErrors.ActorExitCode);
        output["error"]!["Cause"]!.GetValue<string>().ShouldContain("\"exitCode\":3");
    }

    [Fact]
    public void an_error_no_retrier_names_goes_straight_to_the_catch() =>
        Started(Retried).Complete("T", Result(timedOut: true)).Single<StateFailed>().ShouldBe(
            new StateFailed("T", AslErrors.Timeout, Result(timedOut: true).ToJsonString(), "Handled", T0));

    [Fact]
    public void a_lost_node_is_retried_twice_by_default_then_fails()
    {
        var flow = Started("{'StartAt': 'T', 'States': {'T': {'Type': 'Task', 'Resource': 'actor:work', 'End': true}}}");
        for (var attempt = 1; attempt <= 2; attempt++)
        {
            flow.When(new FailActorRun(flow.RunOf("T"), AslErrors.NodeLost, "node-2 stopped answering"));
            flow.When(new FireTimer(flow.Single<RetryScheduled>().TimerId));
        }

        flow.When(new FailActorRun(flow.RunOf("T"), AslErrors.NodeLost, "again"));

        flow.Single<InstanceFailed>().Error.ShouldBe(AslErrors.NodeLost);
        flow.History.OfType<ActorRunRequested>().Count().ShouldBe(3);
    }

    [Fact]
    public void a_report_for_an_attempt_that_was_retried_is_ignored()
    {
        var flow = Started(Retried);
        var first = flow.RunOf("T");
        flow.Complete("T", Result(exitCode: 1)).When(new FireTimer(flow.Single<RetryScheduled>().TimerId));

        flow.When(new CompleteActorRun(first, Result())).ThenNothing();
    }
}

public class a_runtime_error
{
    [Fact]
    public void is_not_caught_by_states_all() =>
        Started("""
            {'StartAt': 'M', 'States': {
              'M': {'Type': 'Map', 'ItemsPath': '$.nope', 'End': true, 'Catch': [{'ErrorEquals': ['States.ALL'], 'Next': 'H'}],
                'Iterator': {'StartAt': 'P', 'States': {'P': {'Type': 'Pass', 'End': true}}}},
              'H': {'Type': 'Succeed'}}}
            """, "{'items': []}").Single<InstanceFailed>().Error.ShouldBe(AslErrors.Runtime);
}
