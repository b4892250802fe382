using System.Reflection;
using System.Text.Json;
using System.Text.Json.Nodes;
using Joy.Domain;
using Joy.Domain.Definitions;
using Joy.Domain.Instances;
using static Joy.Tests.Domain.Build;

namespace Joy.Tests.Domain.Instances;

public class storing_events
{
    private static readonly Type[] EventTypes = typeof(InstanceEvent).Assembly.GetTypes()
        .Where(t => !t.IsAbstract && (t.IsSubclassOf(typeof(InstanceEvent)) || t.IsSubclassOf(typeof(ActorEvent)) || t.IsSubclassOf(typeof(StateMachineEvent))))
        .ToArray();

    [Fact]
    public void every_event_has_its_own_stable_type_name()
    {
        var names = EventTypes.Select(t => t.GetCustomAttribute<EventTypeAttribute>()?.Name).ToList();

        names.ShouldAllBe(n => n != null && n.EndsWith(".v1"));
        names.Distinct().Count().ShouldBe(EventTypes.Length);
        DomainEventTypes.All.ShouldBe(EventTypes, ignoreOrder: true);
        DomainEventTypes.ByName["instance.actor-run-requested.v1"].ShouldBe(typeof(ActorRunRequested));
    }

    [Fact]
    public void events_survive_a_json_round_trip_and_replay_to_the_same_state()
    {
        var flow = Started(the_judge.Definition, "{'blobs': {'Main.c': 'c'}, 'tests': [{'input': 'i', 'output': 'o'}]}")
            .Complete("Compile", Result(data: "{'exitCode': 0}").Also(r => r["outputs"] = Json("{'a.out': 'b'}")));
        flow.When(new MarkActorRunStarted(flow.RunOf("RunTests[0]/Run"), "node-1", "container-1"));
        flow.When(new FailActorRun(flow.RunOf("RunTests[0]/Run"), "Joy.NodeLost", "gone"));

        var stored = flow.History.Select(e => (Type: e.GetType(), Json: JsonSerializer.Serialize(e, e.GetType(), DomainJson.Options))).ToList();
        var loaded = stored.Select(s => (InstanceEvent)JsonSerializer.Deserialize(s.Json, s.Type, DomainJson.Options)!).ToList();

        loaded.Select(GivenWhenThen.Describe).ShouldBe(flow.History.Select(GivenWhenThen.Describe));
        var replayed = Interpreter.Fold(loaded);
        replayed.Version.ShouldBe(flow.State.Version);
        replayed.PendingTimers.ShouldBe(flow.State.PendingTimers);
        var timer = replayed.PendingTimers.Single().TimerId;
        Interpreter.Decide(new FireTimer(timer), replayed, GivenWhenThen.T0).Select(GivenWhenThen.Describe)
            .ShouldBe(Interpreter.Decide(new FireTimer(timer), flow.State, GivenWhenThen.T0).Select(GivenWhenThen.Describe));
    }

    [Fact]
    public void a_long_sequential_map_of_pass_states_does_not_exhaust_the_stack() =>
        Started("""
            {'StartAt': 'M', 'States': {'M': {'Type': 'Map', 'MaxConcurrency': 1, 'End': true,
              'Iterator': {'StartAt': 'P', 'States': {'P': {'Type': 'Pass', 'End': true}}}}}}
            """, "[" + string.Join(",", Enumerable.Range(0, 2000)) + "]").Output()!.AsArray().Count.ShouldBe(2000);
}

public class a_loop_without_a_task_or_wait
{
    [Fact]
    public void fails_the_instance_instead_of_spinning_forever()
    {
        var flow = new GivenWhenThen().When(Start("""
            {'StartAt': 'T', 'States': {
              'T': {'Type': 'Task', 'Resource': 'actor:work', 'ResultPath': null, 'Next': 'Again'},
              'Again': {'Type': 'Pass', 'Next': 'Loop'},
              'Loop': {'Type': 'Pass', 'Next': 'Again'}}}
            """));

        flow.Complete("T");

        flow.Last.Select(e => e.GetType().Name).ShouldBe(["ActorRunSucceeded", "InstanceFailed"]);
        flow.Single<InstanceFailed>().Error.ShouldBe("States.Runtime");
        flow.State.Status.ShouldBe(InstanceStatus.Failed);
    }
}

/// <summary>
/// A definition refused by a rule added after the instance started (a reused state name, a timestamp
/// without a zone, a deep JsonMerge) is in its history for good: the history must still fold.
/// </summary>
public class an_instance_started_under_older_rules
{
    private static readonly JsonNode Definition = Json("""
        {'StartAt': 'Run', 'States': {
          'Run': {'Type': 'Task', 'Resource': 'actor:work', 'Next': 'P'},
          'P': {'Type': 'Parallel', 'Next': 'W', 'Parameters': {'m.$': 'States.JsonMerge($, $, true)'}, 'Branches': [
            {'StartAt': 'Run', 'States': {'Run': {'Type': 'Pass', 'End': true}}}]},
          'W': {'Type': 'Wait', 'Timestamp': '2020-01-01T00:00:00', 'End': true}}}
        """);

    [Fact]
    public void still_folds_and_takes_commands()
    {
        var flow = new GivenWhenThen().Given(new InstanceStarted("i-1", "m", 1, Definition, null, Actors, Json("{}"), new InstanceOptions(), GivenWhenThen.T0));

        flow.State.Machine!.States.Keys.ShouldBe(["Run", "P", "W"]);
        flow.When(new CancelInstance()).Single<InstanceCancelled>();
    }

    [Fact]
    public void cannot_be_started_again_with_that_definition() =>
        Should.Throw<InstanceCommandRejectedException>(() => new GivenWhenThen().When(Start(Definition.ToJsonString())))
            .Message.ShouldContain("State name 'Run' is also used at /States/Run");
}
