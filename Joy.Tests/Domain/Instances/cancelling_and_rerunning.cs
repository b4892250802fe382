using Joy.Domain.Instances;
using static Joy.Tests.Domain.Build;
using static Joy.Tests.Domain.GivenWhenThen;

namespace Joy.Tests.Domain.Instances;

public class cancelling_an_instance
{
    private const string Fan = """
        {'StartAt': 'M', 'States': {'M': {'Type': 'Map', 'End': true,
          'Iterator': {'StartAt': 'T', 'States': {'T': {'Type': 'Task', 'Resource': 'actor:work', 'End': true}}}}}}
        """;

    [Fact]
    public void ends_it_as_cancelled_naming_every_run_to_kill()
    {
        var flow = Started(Fan, "[1, 2, 3]").Complete("M[1]/T");
        var running = new[] { flow.RunOf("M[0]/T"), flow.RunOf("M[2]/T") };

        flow.When(new CancelInstance("user asked"));

        flow.Then(
            new ActorRunCancelled(running[0], "user asked", T0),
            new ActorRunCancelled(running[1], "user asked", T0),
            new InstanceCancelled("user asked", running, T0));
        flow.State.Status.ShouldBe(InstanceStatus.Cancelled);
    }

    [Fact]
    public void late_reports_and_a_second_cancel_change_nothing()
    {
        var flow = Started(Fan, "[1]").When(new CancelInstance());

        flow.Complete("M[0]/T").ThenNothing();
        flow.When(new CancelInstance()).ThenNothing();
    }
}

public class rerunning_an_instance
{
    private const string ThreeSteps = """
        {'StartAt': 'Compile', 'States': {
          'Compile': {'Type': 'Task', 'Resource': 'actor:compile', 'ResultPath': '$.compile', 'Next': 'RunUserCode'},
          'RunUserCode': {'Type': 'Task', 'Resource': 'actor:run', 'ResultSelector': {'out.$': '$.data'}, 'ResultPath': '$.run', 'Next': 'Done'},
          'Done': {'Type': 'Succeed'}}}
        """;

    [Fact]
    public void re_enters_the_named_state_with_the_input_it_had_keeping_earlier_results()
    {
        var flow = Started(ThreeSteps, "{'src': 1}")
            .Complete("Compile", Result(data: "'bin'"))
            .Complete("RunUserCode", Result(data: "'first'"));
        var firstRun = flow.RunOf("RunUserCode");

        flow.When(new RerunInstance("RunUserCode", new System.Text.Json.Nodes.JsonObject { ["Host"] = "http://judge" }));

        flow.Last.Select(e => e.GetType().Name).ShouldBe(["RerunRequested", "StateEntered", "ActorRunRequested"]);
        var entered = flow.Single<StateEntered>();
        entered.Path.ShouldBe("RunUserCode");
        entered.Input!["compile"]!["data"]!.GetValue<string>().ShouldBe("bin");
        entered.Input["run"].ShouldBeNull();
        flow.RunOf("RunUserCode").ShouldNotBe(firstRun);
        flow.State.Options.Parameters!["Host"]!.GetValue<string>().ShouldBe("http://judge");

        flow.Complete("RunUserCode", Result(data: "'second'"));
        flow.Output()!["run"]!["out"]!.GetValue<string>().ShouldBe("second");
        flow.History.OfType<ActorRunRequested>().Count(r => r.Path == "Compile").ShouldBe(1);
    }

    [Fact]
    public void a_running_instance_has_its_runs_cancelled_first()
    {
        var flow = Started(ThreeSteps).Complete("Compile");
        var running = flow.RunOf("RunUserCode");

        flow.When(new RerunInstance("Compile"));

        flow.Last[0].ShouldBe(new ActorRunCancelled(running, "Re-run from Compile", T0));
        flow.Single<ActorRunRequested>().Path.ShouldBe("Compile");
    }

    [Fact]
    public void a_state_never_entered_is_rejected() =>
        Should.Throw<InstanceCommandRejectedException>(() => Started(ThreeSteps).When(new RerunInstance("Done")));
}

public class recording_callbacks
{
    [Fact]
    public void attempts_are_recorded_once_the_instance_has_ended()
    {
        var flow = Started("{'StartAt': 'S', 'States': {'S': {'Type': 'Succeed'}}}");

        flow.When(new RecordCallbackAttempt(1, 503, null, TimeSpan.FromSeconds(2)))
            .Then(new CallbackFailed(1, 503, "HTTP 503", T0.AddSeconds(2), T0));
        flow.When(new RecordCallbackAttempt(2, 200, null)).Then(new CallbackDelivered(2, 200, T0));
    }

    [Fact]
    public void a_running_instance_rejects_them() =>
        Should.Throw<InstanceCommandRejectedException>(() =>
            Started("{'StartAt': 'T', 'States': {'T': {'Type': 'Task', 'Resource': 'actor:work', 'End': true}}}")
                .When(new RecordCallbackAttempt(1, 200, null)));
}
