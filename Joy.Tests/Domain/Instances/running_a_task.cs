using System.Text.Json.Nodes;
using Joy.Domain.Asl;
using Joy.Domain.Definitions;
using Joy.Domain.Instances;
using static Joy.Tests.Domain.Build;
using static Joy.Tests.Domain.GivenWhenThen;

namespace Joy.Tests.Domain.Instances;

public class running_a_task
{
    private const string OneTask = "{'StartAt': 'Compile', 'States': {'Compile': {'Type': 'Task', 'Resource': 'actor:compile', 'TimeoutSeconds': 10, 'End': true}}}";

    [Fact]
    public void starting_requests_the_actor_with_its_files_and_merged_limits()
    {
        var flow = new GivenWhenThen().When(Start(OneTask, "{'files': {'Main.c': {'blob': 'aa11'}, 'in.txt': 'bb22'}}",
            options: new InstanceOptions(Priority: 5), limits: new Limitation(Memory: 1 << 30, PidsLimit: 64)));

        flow.Last.Select(e => e.GetType().Name).ShouldBe(["InstanceStarted", "StateEntered", "ActorRunRequested"]);
        var run = flow.Single<ActorRunRequested>();
        run.Path.ShouldBe("Compile");
        run.Attempt.ShouldBe(1);
        run.Priority.ShouldBe(5);
        run.Files.ShouldBe(new Dictionary<string, string> { ["Main.c"] = "aa11", ["in.txt"] = "bb22" });
        run.Actor.Command.ShouldBe(["gcc", "Main.c"]);
        run.Actor.Limitation!.Memory.ShouldBe(256 << 20);      // the actor's own limit wins
        run.Actor.Limitation.PidsLimit.ShouldBe(64);           // the state machine's default fills the gap
        run.Actor.Limitation.ExecutionTimeout.ShouldBe(10_000); // TimeoutSeconds becomes the actor's timeout
    }

    [Fact]
    public void the_instances_own_limits_win_over_the_actor_and_state_machine_key_by_key_and_debug_rides_along()
    {
        var options = new InstanceOptions(Debug: true, Limitation: new Limitation(Memory: 64 << 20, ExecutionTimeout: 60_000));
        var flow = new GivenWhenThen().When(Start(OneTask, options: options, limits: new Limitation(Memory: 1 << 30, PidsLimit: 64)));

        var run = flow.Single<ActorRunRequested>();
        run.Actor.Limitation!.Memory.ShouldBe(64 << 20);        // the instance's over the actor's 256 MiB
        run.Actor.Limitation.PidsLimit.ShouldBe(64);            // untouched keys still come from below
        run.Actor.Limitation.ExecutionTimeout.ShouldBe(10_000); // the Task's TimeoutSeconds only ever shortens it
        run.Debug.ShouldBeTrue();
    }

    [Fact]
    public void a_zero_exit_code_succeeds_with_the_result_as_output()
    {
        var flow = Started(OneTask);
        var runId = flow.RunOf("Compile");

        flow.When(new CompleteActorRun(runId, Result(data: "{'ok': true}")));

        flow.Then(
            new ActorRunSucceeded(runId, Result(data: "{'ok': true}"), T0),
            new StateExited("Compile", Result(data: "{'ok': true}"), null, T0),
            new InstanceSucceeded(Result(data: "{'ok': true}"), T0));
        flow.State.Status.ShouldBe(InstanceStatus.Succeeded);
    }

    [Fact]
    public void a_non_zero_exit_code_is_actor_exit_code_with_the_result_in_the_cause()
    {
        var flow = Started(OneTask).Complete("Compile", Result(exitCode: 1, log: "gcc-log"));

        var failed = flow.Single<ActorRunFailed>();
        failed.Error.ShouldBe(AslErrors.ActorExitCode);
        var cause = JsonNode.Parse(failed.Cause)!;
        cause["exitCode"]!.GetValue<int>().ShouldBe(1);
        cause["log"]!["blob"]!.GetValue<string>().ShouldBe("gcc-log");
        flow.Single<InstanceFailed>().Error.ShouldBe(AslErrors.ActorExitCode);
    }

    [Fact]
    public void a_timed_out_run_is_states_timeout() =>
        Started(OneTask).Complete("Compile", Result(exitCode: 137, timedOut: true)).Single<InstanceFailed>().Error.ShouldBe(AslErrors.Timeout);

    [Fact]
    public void a_duplicate_report_is_ignored()
    {
        var flow = Started(OneTask).Complete("Compile");

        flow.Complete("Compile").ThenNothing();
        flow.When(new FailActorRun(flow.RunOf("Compile"), AslErrors.NodeLost, "late")).ThenNothing();
        flow.When(new CompleteActorRun("no-such-run", Result())).ThenNothing();
    }

    [Fact]
    public void a_run_started_report_is_recorded_once()
    {
        var flow = Started(OneTask);
        var runId = flow.RunOf("Compile");

        flow.When(new MarkActorRunStarted(runId, "node-1", "c1")).Then(new ActorRunStarted(runId, "node-1", "c1", T0));
        flow.When(new MarkActorRunStarted(runId, "node-1", "c1")).ThenNothing();
        flow.State.Runs[runId].ContainerId.ShouldBe("c1");
    }

    [Fact]
    public void malformed_files_fail_the_state_with_a_runtime_error() =>
        Started(OneTask, "{'files': {'../etc': 'x'}}").Single<InstanceFailed>().Error.ShouldBe(AslErrors.Runtime);

    [Fact]
    public void decisions_and_replay_are_deterministic()
    {
        var first = Started(OneTask);
        var second = Started(OneTask);

        second.RunOf("Compile").ShouldBe(first.RunOf("Compile"));
        Interpreter.Decide(new CancelInstance(), first.State, T0).Select(Describe)
            .ShouldBe(Interpreter.Decide(new CancelInstance(), Interpreter.Fold(second.History), T0).Select(Describe));
        new GivenWhenThen().When(Start(OneTask, id: "i-2")).RunOf("Compile").ShouldNotBe(first.RunOf("Compile"));
    }
}
