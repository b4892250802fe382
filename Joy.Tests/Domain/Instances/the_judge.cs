using System.Text.Json.Nodes;
using Joy.Domain.Definitions;
using Joy.Domain.Instances;
using static Joy.Tests.Domain.Build;

namespace Joy.Tests.Domain.Instances;

/// <summary>The reference flow of DESIGN.md section 7, driven with simulated actor results.</summary>
public class the_judge
{
    // compile reports gcc's exit code in return.json's Data (the actor itself exits 0).
    public const string Definition = """
        {'StartAt': 'Compile', 'States': {
          'Compile': {'Type': 'Task', 'Resource': 'actor:compile', 'TimeoutSeconds': 30,
            'Parameters': {'files': {'Main.c.$': '$.blobs[\u0027Main.c\u0027]'}}, 'ResultPath': '$.compile', 'Next': 'Compiled'},
          'Compiled': {'Type': 'Choice', 'Default': 'CE',
            'Choices': [{'Variable': '$.compile.data.exitCode', 'NumericEquals': 0, 'Next': 'RunTests'}]},
          'CE': {'Type': 'Pass', 'Parameters': {'verdict': 'CE', 'log.$': '$.compile.log'}, 'End': true},
          'RunTests': {'Type': 'Map', 'ItemsPath': '$.tests', 'MaxConcurrency': 2, 'ResultPath': '$.verdicts', 'Next': 'Report',
            'ItemSelector': {'binary.$': '$.compile.outputs[\u0027a.out\u0027]', 'input.$': '$$.Map.Item.Value.input', 'expected.$': '$$.Map.Item.Value.output'},
            'ItemProcessor': {'StartAt': 'Run', 'States': {
              'Run': {'Type': 'Task', 'Resource': 'actor:run', 'TimeoutSeconds': 1, 'ResultPath': '$.run', 'Next': 'Compare',
                'Parameters': {'files': {'a.out.$': '$.binary', 'stdin.txt.$': '$.input'}},
                'Catch': [{'ErrorEquals': ['States.Timeout'], 'ResultPath': '$.error', 'Next': 'TLE'},
                          {'ErrorEquals': ['Actor.ExitCode'], 'ResultPath': '$.error', 'Next': 'RE'}]},
              'Compare': {'Type': 'Task', 'Resource': 'actor:compare', 'ResultPath': '$.compare', 'Next': 'Same',
                'Parameters': {'files': {'stdout.txt.$': '$.run.outputs[\u0027stdout.txt\u0027]', 'expected.txt.$': '$.expected'}},
                'Catch': [{'ErrorEquals': ['Actor.ExitCode'], 'ResultPath': null, 'Next': 'WA'}]},
              'Same': {'Type': 'Choice', 'Choices': [{'Variable': '$.compare.exitCode', 'NumericEquals': 0, 'Next': 'AC'}], 'Default': 'WA'},
              'AC': {'Type': 'Pass', 'Result': 'AC', 'End': true},
              'WA': {'Type': 'Pass', 'Result': 'WA', 'End': true},
              'TLE': {'Type': 'Pass', 'Result': 'TLE', 'End': true},
              'RE': {'Type': 'Pass', 'Parameters': {'verdict': 'RE', 'exit.$': 'States.StringToJson($.error.Cause)'}, 'OutputPath': '$.exit.exitCode', 'End': true}}}},
          'Report': {'Type': 'Succeed', 'OutputPath': '$.verdicts'}}}
        """;

    private const string Input = """
        {'blobs': {'Main.c': {'blob': 'c0de'}},
         'tests': [{'input': 'in0', 'output': 'out0'}, {'input': 'in1', 'output': 'out1'}, {'input': 'in2', 'output': 'out2'}, {'input': 'in3', 'output': 'out3'}]}
        """;

    private static JsonObject Compiled(int exitCode) => Result(data: $"{{'exitCode': {exitCode}}}", log: "gcc-log")
        .Also(r => r["outputs"] = Json("{'a.out': {'blob': 'b1n'}}"));

    private static JsonObject Ran() => Result().Also(r => r["outputs"] = Json("{'stdout.txt': {'blob': 'so'}}"));

    [Fact]
    public void validates_against_its_actors() =>
        DefinitionValidator.Validate(new StateMachineDefinition("judge", Json(Definition)), new HashSet<string> { "compile", "run", "compare" })
            .ShouldBeEmpty();

    [Fact]
    public void gives_a_verdict_per_test_in_test_order()
    {
        var flow = Started(Definition, Input);
        flow.Single<ActorRunRequested>().Files.ShouldBe(new Dictionary<string, string> { ["Main.c"] = "c0de" });

        flow.Complete("Compile", Compiled(0));
        var runs = flow.Last.OfType<ActorRunRequested>().ToList();
        runs.Select(r => r.Path).ShouldBe(["RunTests[0]/Run", "RunTests[1]/Run"]);
        runs[0].Files.ShouldBe(new Dictionary<string, string> { ["a.out"] = "b1n", ["stdin.txt"] = "in0" });
        runs[0].Actor.Limitation!.ExecutionTimeout.ShouldBe(1000);

        flow.Complete("RunTests[1]/Run", Ran());
        flow.Single<ActorRunRequested>().Files.ShouldBe(new Dictionary<string, string> { ["expected.txt"] = "out1", ["stdout.txt"] = "so" });
        flow.Complete("RunTests[1]/Compare", Result(exitCode: 1));                  // WA; item 2 starts
        flow.Complete("RunTests[0]/Run", Ran()).Complete("RunTests[0]/Compare");   // AC; item 3 starts
        flow.Complete("RunTests[2]/Run", Result(exitCode: 137, timedOut: true));    // TLE
        flow.Complete("RunTests[3]/Run", Result(exitCode: 139));                    // RE

        flow.State.Status.ShouldBe(InstanceStatus.Succeeded);
        flow.Output()!.ToJsonString().ShouldBe("[\"AC\",\"WA\",\"TLE\",139]");
        flow.History.OfType<ActorRunRequested>().Count().ShouldBe(1 + 4 + 2);
    }

    [Fact]
    public void a_compile_error_ends_with_ce_and_the_compiler_log()
    {
        var flow = Started(Definition, Input).Complete("Compile", Compiled(1));

        flow.Output()!.ToJsonString().ShouldBe("{\"verdict\":\"CE\",\"log\":{\"blob\":\"gcc-log\"}}");
        flow.History.OfType<ActorRunRequested>().Count().ShouldBe(1);
    }
}

internal static class JsonObjectExtensions
{
    public static JsonObject Also(this JsonObject obj, Action<JsonObject> change)
    {
        change(obj);
        return obj;
    }
}
