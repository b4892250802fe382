using Joy.Domain.Instances;
using static Joy.Tests.Domain.Build;
using static Joy.Tests.Domain.GivenWhenThen;

namespace Joy.Tests.Domain.Instances;

public class flow_states
{
    private const string Branching = """
        {'StartAt': 'Pick', 'States': {
          'Pick': {'Type': 'Choice', 'InputPath': '$.compile', 'OutputPath': '$', 'Default': 'Other',
            'Choices': [{'Variable': '$.exitCode', 'NumericEquals': 0, 'Next': 'Ok'},
                        {'And': [{'Variable': '$.exitCode', 'NumericGreaterThan': 0}, {'Variable': '$.log', 'IsPresent': true}], 'Next': 'Bad'}]},
          'Ok': {'Type': 'Succeed'},
          'Bad': {'Type': 'Fail', 'ErrorPath': '$.err', 'CausePath': 'States.Format(\u0027exit {}\u0027, $.exitCode)'},
          'Other': {'Type': 'Fail', 'Error': 'Judge.Unknown', 'Cause': 'no rule'}}}
        """;

    [Fact]
    public void a_choice_goes_to_the_first_matching_rule()
    {
        var flow = Started(Branching, "{'compile': {'exitCode': 0}}");

        flow.History.OfType<StateExited>().First().Next.ShouldBe("Ok");
        flow.State.Status.ShouldBe(InstanceStatus.Succeeded);
        flow.Output()!.ToJsonString().ShouldBe("{\"exitCode\":0}");
    }

    [Fact]
    public void a_fail_state_fails_the_instance_with_error_and_cause_from_paths()
    {
        var flow = Started(Branching, "{'compile': {'exitCode': 2, 'log': 'x', 'err': 'Judge.CE'}}");

        flow.Single<InstanceFailed>().ShouldBe(new InstanceFailed("Judge.CE", "exit 2", T0));
    }

    [Fact]
    public void a_choice_with_no_match_takes_the_default() =>
        Started(Branching, "{'compile': {'exitCode': -1}}").Single<InstanceFailed>().ShouldBe(new InstanceFailed("Judge.Unknown", "no rule", T0));

    [Fact]
    public void a_choice_with_no_match_and_no_default_fails_with_no_choice_matched() =>
        Started("{'StartAt': 'C', 'States': {'C': {'Type': 'Choice', 'Choices': [{'Variable': '$.a', 'IsPresent': true, 'Next': 'S'}]}, 'S': {'Type': 'Succeed'}}}")
            .Single<InstanceFailed>().Error.ShouldBe("States.NoChoiceMatched");

    [Fact]
    public void a_pass_state_with_a_result_puts_it_at_its_result_path() =>
        Started("{'StartAt': 'P', 'States': {'P': {'Type': 'Pass', 'Result': [1, 2], 'ResultPath': '$.r', 'End': true}}}", "{'a': 0}")
            .Output()!.ToJsonString().ShouldBe("{\"a\":0,\"r\":[1,2]}");
}

public class a_wait_state
{
    private const string Waits = "{'StartAt': 'W', 'States': {'W': {'Type': 'Wait', 'SecondsPath': '$.delay', 'Next': 'S'}, 'S': {'Type': 'Succeed'}}}";

    [Fact]
    public void a_wait_starts_a_timer_and_continues_when_it_fires()
    {
        var flow = Started(Waits, "{'delay': 30}");

        var wait = flow.Single<WaitStarted>();
        wait.DueAt.ShouldBe(T0.AddSeconds(30));
        flow.State.PendingTimers.ShouldBe([(wait.TimerId, T0.AddSeconds(30))]);

        flow.When(new FireTimer(wait.TimerId), T0.AddSeconds(30));

        flow.Last.Select(e => e.GetType().Name).ShouldBe(["TimerFired", "StateExited", "StateEntered", "StateExited", "InstanceSucceeded"]);
        flow.When(new FireTimer(wait.TimerId), T0.AddSeconds(31)).ThenNothing();
    }

    [Theory]
    [InlineData("'Seconds': 5", 5)]
    [InlineData("'Timestamp': '2026-01-01T12:01:00Z'", 60)]
    [InlineData("'TimestampPath': '$.at'", 120)]
    public void each_time_field_sets_the_due_time(string field, int seconds) =>
        Started($"{{'StartAt': 'W', 'States': {{'W': {{'Type': 'Wait', {field}, 'End': true}}}}}}", "{'at': '2026-01-01T12:02:00Z'}")
            .Single<WaitStarted>().DueAt.ShouldBe(T0.AddSeconds(seconds));

    [Theory]
    [InlineData("2026-01-01T12:02:00")]
    [InlineData("2026-01-01t12:02:00Z")]
    [InlineData("2026-01-01T12:02:00z")]
    public void a_timestamp_path_selecting_no_rfc_3339_timestamp_fails_with_states_runtime(string at) =>
        Started("{'StartAt': 'W', 'States': {'W': {'Type': 'Wait', 'TimestampPath': '$.at', 'End': true}}}", $"{{'at': '{at}'}}")
            .Single<InstanceFailed>().Error.ShouldBe("States.Runtime");

    [Fact]
    public void a_timestamp_in_the_past_does_not_wait() =>
        Started("{'StartAt': 'W', 'States': {'W': {'Type': 'Wait', 'Timestamp': '2020-01-01T00:00:00Z', 'End': true}}}")
            .State.Status.ShouldBe(InstanceStatus.Succeeded);
}
