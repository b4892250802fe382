using System.Text.Json.Nodes;
using Joy.Domain.Definitions;

namespace Joy.Tests.Domain.Definitions;

public class validating_an_actor
{
    [Fact]
    public void a_valid_actor_has_no_problems() =>
        DefinitionValidator.Validate(new ActorDefinition("gcc", "joy-runner:latest", Command: ["gcc", "Main.c"], Outputs: ["a.out", "*.txt"],
            Limitation: new Limitation(Memory: 64 << 20, MemorySwap: 64 << 20, Ulimits: [new("nofile", 64, 64)]))).ShouldBeEmpty();

    [Fact]
    public void both_command_and_script_is_listed() =>
        DefinitionValidator.Validate(new ActorDefinition("a", Command: ["x"], Script: "y")).ShouldContain(p => p.Pointer == "/command");

    [Fact]
    public void neither_command_nor_script_is_listed() =>
        DefinitionValidator.Validate(new ActorDefinition("a")).ShouldContain(p => p.Pointer == "/command");

    [Fact]
    public void every_problem_is_listed()
    {
        var problems = DefinitionValidator.Validate(new ActorDefinition("no spaces allowed", "", Script: "  ", Outputs: ["/etc/passwd", "../x"],
            Limitation: new Limitation(CpuPeriod: 10, Memory: 100 << 20, MemorySwap: 1, PidsLimit: 0, ExecutionTimeout: 0,
                Ulimits: [new("nofile", 10, 5)], CpuTimeLimitMs: -1), Env: new Dictionary<string, string> { ["A=B"] = "x" }));

        problems.Select(p => p.Pointer).ShouldBe(["/name", "/image", "/script", "/outputs/0", "/outputs/1", "/env/A=B",
            "/limitation/cpuPeriod", "/limitation/pidsLimit", "/limitation/executionTimeout", "/limitation/cpuTimeLimitMs",
            "/limitation/memorySwap", "/limitation/ulimits/0"], ignoreOrder: true);
    }
}

public class defining_actors
{
    private static readonly DateTimeOffset Now = GivenWhenThen.T0;
    private static readonly ActorDefinition Gcc = new("gcc", Command: ["gcc", "Main.c"], Env: new Dictionary<string, string> { ["LANG"] = "C" });

    private static ActorState After(params ActorEvent[] events) => events.Aggregate(ActorState.Initial, ActorDecider.Evolve);

    [Fact]
    public void a_new_name_is_defined_with_the_whole_definition() =>
        ActorDecider.Decide(new DefineActor(Gcc), ActorState.Initial, Now).ShouldBe([new ActorDefined(Gcc, Now)]);

    [Fact]
    public void a_duplicate_name_is_rejected_as_already_existing() =>
        Should.Throw<DefinitionAlreadyExistsException>(() => ActorDecider.Decide(new DefineActor(Gcc), After(new ActorDefined(Gcc, Now)), Now));

    [Fact]
    public void an_invalid_actor_is_rejected_with_its_problems() =>
        Should.Throw<DefinitionInvalidException>(() => ActorDecider.Decide(new DefineActor(new("x")), ActorState.Initial, Now))
            .Problems.ShouldNotBeEmpty();

    [Fact]
    public void a_patch_changes_only_the_fields_given()
    {
        var patch = new JsonObject { ["image"] = "joy-busybox:latest", ["limitation"] = new JsonObject { ["memory"] = 64 << 20 } };

        var changed = ActorDecider.Decide(new ChangeActor("gcc", patch), After(new ActorDefined(Gcc, Now)), Now)
            .ShouldHaveSingleItem().ShouldBeOfType<ActorChanged>().Actor;

        changed.Image.ShouldBe("joy-busybox:latest");
        changed.Limitation!.Memory.ShouldBe(64 << 20);
        changed.Command.ShouldBe(["gcc", "Main.c"]);
        changed.Env!["LANG"].ShouldBe("C");
    }

    [Fact]
    public void a_patch_swapping_command_for_script_needs_the_command_removed()
    {
        var state = After(new ActorDefined(Gcc, Now));
        Should.Throw<DefinitionInvalidException>(() => ActorDecider.Decide(new ChangeActor("gcc", new JsonObject { ["script"] = "echo" }), state, Now));
        ActorDecider.Decide(new ChangeActor("gcc", new JsonObject { ["script"] = "echo", ["command"] = null }), state, Now)
            .ShouldHaveSingleItem().ShouldBeOfType<ActorChanged>().Actor.Script.ShouldBe("echo");
    }

    [Fact]
    public void changing_or_deleting_a_missing_actor_is_not_found()
    {
        Should.Throw<DefinitionNotFoundException>(() => ActorDecider.Decide(new ChangeActor("gcc", []), ActorState.Initial, Now));
        Should.Throw<DefinitionNotFoundException>(() => ActorDecider.Decide(new DeleteActor("gcc"), After(new ActorDefined(Gcc, Now), new ActorDeleted("gcc", Now)), Now));
    }

    [Fact]
    public void every_version_stays_readable_from_its_event()
    {
        var events = new ActorEvent[] { new ActorDefined(Gcc, Now), new ActorChanged(Gcc with { Image = "v2" }, Now), new ActorDeleted("gcc", Now) };
        After(events[..1]).Current!.Image.ShouldBeNull();
        After(events[..2]).Current!.Image.ShouldBe("v2");
        After(events).ShouldBe(new ActorState(null, 3));
        ActorDecider.Decide(new DefineActor(Gcc), After(events), Now).ShouldHaveSingleItem().ShouldBeOfType<ActorDefined>();
    }
}

public class defining_state_machines
{
    private static readonly DateTimeOffset Now = GivenWhenThen.T0;
    private static readonly StateMachineDefinition Judge = new("judge",
        Build.Json("{'StartAt': 'A', 'States': {'A': {'Type': 'Task', 'Resource': 'actor:work', 'End': true}}}"));

    [Fact]
    public void a_definition_naming_an_unknown_actor_is_rejected() =>
        Should.Throw<DefinitionInvalidException>(() => StateMachineDecider.Decide(new DefineStateMachine(Judge, new HashSet<string>()), StateMachineState.Initial, Now))
            .Problems.ShouldHaveSingleItem().Pointer.ShouldBe("/definition/States/A/Resource");

    [Fact]
    public void a_patch_replaces_the_definition_and_keeps_the_limitation()
    {
        var state = StateMachineDecider.Evolve(StateMachineState.Initial, new StateMachineDefined(Judge with { Limitation = new(Memory: 1 << 30) }, Now));
        var patch = new JsonObject { ["definition"] = Build.Json("{'StartAt': 'B', 'States': {'B': {'Type': 'Succeed'}}}") };

        var changed = StateMachineDecider.Decide(new ChangeStateMachine("judge", patch, new HashSet<string>()), state, Now)
            .ShouldHaveSingleItem().ShouldBeOfType<StateMachineChanged>().StateMachine;

        changed.Definition!["StartAt"]!.GetValue<string>().ShouldBe("B");
        changed.Definition["States"]!.AsObject().Count.ShouldBe(1);
        changed.Limitation!.Memory.ShouldBe(1 << 30);
    }

    [Fact]
    public void a_duplicate_name_is_rejected_as_already_existing() =>
        Should.Throw<DefinitionAlreadyExistsException>(() => StateMachineDecider.Decide(new DefineStateMachine(Judge, new HashSet<string> { "work" }),
            StateMachineDecider.Evolve(StateMachineState.Initial, new StateMachineDefined(Judge, Now)), Now));
}
