using System.Text.Json.Nodes;

namespace Joy.Tests.Instances;

/// <summary>A failing actor is retried per its Retry clause on real containers, then caught.</summary>
public sealed class retrying_then_catching(InstanceHost host) : IClassFixture<InstanceHost>
{
    private const string Flaky = """
        {'StartAt': 'Work', 'States': {
          'Work': {'Type': 'Task', 'Resource': 'actor:failing', 'Next': 'Done',
                   'Retry': [{'ErrorEquals': ['Actor.ExitCode'], 'IntervalSeconds': 1, 'MaxAttempts': 2, 'BackoffRate': 1}],
                   'Catch': [{'ErrorEquals': ['States.ALL'], 'ResultPath': '$.failure', 'Next': 'Recovered'}]},
          'Recovered': {'Type': 'Pass', 'End': true},
          'Done': {'Type': 'Succeed'}}}
        """;

    [Fact]
    public async Task runs_three_attempts_and_ends_in_the_catch()
    {
        await host.DefineAsync("flaky", Flaky, ("failing", "echo failing; exit 3"));

        var id = await Instances.StartAsync(host.Client, new JsonObject { ["name"] = "flaky", ["input"] = new JsonObject { ["x"] = 1 } });
        var instance = await Instances.WaitAsync(host.Client, id, TimeSpan.FromSeconds(60));

        instance.Status().ShouldBe("Succeeded", instance.ToJsonString());
        instance["output"]!["failure"]!["Error"]!.GetValue<string>().ShouldBe("Actor.ExitCode");
        instance["output"]!["x"]!.GetValue<int>().ShouldBe(1);
        var runs = instance.Runs();
        runs.Select(run => run!["attempt"]!.GetValue<int>()).ShouldBe([1, 2, 3]);
        runs.ShouldAllBe(run => run!["status"]!.GetValue<string>() == "Failed" && run["exitCode"]!.GetValue<long>() == 3);
    }
}
