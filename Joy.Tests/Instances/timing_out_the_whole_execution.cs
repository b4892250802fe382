using System.Text.Json.Nodes;

namespace Joy.Tests.Instances;

/// <summary>
/// A top-level TimeoutSeconds ends the instance with States.Timeout through a durable timer.
/// Regression: its ExecutionTimeoutScheduled event was not registered with the store, so starting
/// such a machine failed to append.
/// </summary>
public sealed class timing_out_the_whole_execution(InstanceHost host) : IClassFixture<InstanceHost>
{
    private const string Slow = """
        {'StartAt': 'Work', 'TimeoutSeconds': 2, 'States': {
          'Work': {'Type': 'Task', 'Resource': 'actor:sleepy', 'End': true}}}
        """;

    [Fact]
    public async Task fails_the_instance_with_states_timeout()
    {
        await host.DefineAsync("slow", Slow, ("sleepy", "sleep 30"));

        var id = await Instances.StartAsync(host.Client, new JsonObject { ["name"] = "slow", ["input"] = new JsonObject() });
        var instance = await Instances.WaitAsync(host.Client, id, TimeSpan.FromSeconds(25));

        instance.Status().ShouldBe("Failed", instance.ToJsonString());
        instance["error"]!.GetValue<string>().ShouldBe("States.Timeout");
    }
}
