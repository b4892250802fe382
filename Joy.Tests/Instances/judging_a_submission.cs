using Xunit.Abstractions;
using System.Text.Json.Nodes;

namespace Joy.Tests.Instances;

/// <summary>The judge end to end on real nodes: one instance per verdict, all in parallel on one service.</summary>
[Collection(Verdicts.Name)]
public sealed class judging_a_submission(InstanceHost host, ITestOutputHelper log) : IClassFixture<InstanceHost>
{
    private async Task<JsonObject> JudgeAsync(string submission)
    {
        var id = await Judge.StartAsync(host.Client, submission);
        var instance = await Instances.WaitAsync(host.Client, id);
        instance.Status().ShouldBe("Succeeded", instance.ToJsonString());
        log.WriteLine($"{submission}: {instance["output"]!.ToJsonString()}");
        return instance;
    }

    private static string Verdict(JsonObject instance) => instance["output"]!["verdict"]!.GetValue<string>();

    private static IEnumerable<string> TestVerdicts(JsonObject instance) =>
        instance["output"]!["tests"]!.AsArray().Select(t => t!["verdict"]!.GetValue<string>());

    private static JsonArray Tests(JsonObject instance) => instance["output"]!["tests"]!.AsArray();

    private static long Figure(JsonNode? test, string name) => test![name]!.GetValue<long>();

    [Fact]
    public async Task a_correct_program_is_accepted_on_every_test()
    {
        var instance = await JudgeAsync("ac.c");

        Verdict(instance).ShouldBe("AC");
        TestVerdicts(instance).ShouldBe(["AC", "AC", "AC"]);
        var runs = instance.Runs();
        runs.Count.ShouldBe(1 + 3 + 3 + 1); // compile, 3 runs, 3 compares, summarize
        runs.ShouldAllBe(run => run!["status"]!.GetValue<string>() == "Succeeded" && run["node"] != null && run["containerId"] != null);
        var compile = runs[0]!;
        compile["inputs"]!.AsArray().Select(f => f!["name"]!.GetValue<string>()).ShouldContain("Main.c");
        compile["inputs"]!.AsArray().ShouldAllBe(f => f!["tag"]!.GetValue<string>() == "judge");
        compile["outputs"]!.AsArray().Select(f => f!["name"]!.GetValue<string>()).ShouldBe(["Main"]);
        compile["logBlob"]!.GetValue<string>().Length.ShouldBe(64);
        // Like an online judge's page: per test, CPU time and peak memory as the kernel counted them.
        Tests(instance).ShouldAllBe(test => Figure(test, "cpuTimeMs") >= 0 && Figure(test, "cpuTimeMs") < 1000
                                            && Figure(test, "peakMemoryBytes") > 0 && Figure(test, "peakMemoryBytes") < 64 << 20);
        runs.Where(run => run!["actor"]!.GetValue<string>() == "judge-run")
            .ShouldAllBe(run => run!["cpuTimeMs"] != null && run["peakMemoryBytes"] != null && run["wallTimeMs"] != null);
    }

    [Fact]
    public async Task a_wrong_answer_is_wa() => Verdict(await JudgeAsync("wa.c")).ShouldBe("WA");

    [Fact]
    public async Task a_compile_error_is_ce_with_the_compilers_message()
    {
        var instance = await JudgeAsync("ce.c");

        Verdict(instance).ShouldBe("CE");
        instance["output"]!["message"]!.GetValue<string>().ShouldContain("No such file or directory");
        instance.Runs().Count.ShouldBe(1);
    }

    [Fact]
    public async Task an_endless_loop_is_tle()
    {
        var instance = await JudgeAsync("tle.c");

        Verdict(instance).ShouldBe("TLE");
        // By CPU time (the run actor's cpuTimeLimitMs, 1 s), or, on a machine so loaded that the program got less
        // than a third of a CPU, by the wall-clock bound (3 s + 1 s): TLE either way.
        Tests(instance).ShouldAllBe(test => test!["limit"]!.GetValue<string>() == "cpu" ? Figure(test, "cpuTimeMs") >= 1000 : test["limit"]!.GetValue<string>() == "wall");
    }

    [Fact]
    public async Task a_memory_hog_is_mle()
    {
        var instance = await JudgeAsync("mle.c");

        Verdict(instance).ShouldBe("MLE", instance["output"]!.ToJsonString());
        Tests(instance).ShouldAllBe(test => test!["verdict"]!.GetValue<string>() == "MLE" && Figure(test, "peakMemoryBytes") > 32 << 20);
    }

    [Fact]
    public async Task a_crash_is_re() => Verdict(await JudgeAsync("re.c")).ShouldBe("RE");
}
