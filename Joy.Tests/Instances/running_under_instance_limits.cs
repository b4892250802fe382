using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;

namespace Joy.Tests.Instances;

/// <summary>
/// An instance's own <c>limitation</c> (PUT body) reaches its containers over the actor's and the
/// state machine's limits, key by key; bad limits are refused with every problem and start nothing.
/// </summary>
public sealed class running_under_instance_limits(InstanceHost host) : IClassFixture<InstanceHost>
{
    private const string OneTask = "{'StartAt': 'Work', 'States': {'Work': {'Type': 'Task', 'Resource': 'actor:%', 'End': true}}}";

    // The container's memory limit as its cgroup reports it (v1 or v2), handed back as return.json Data.
    private const string ReportMemory = """
        limit=$(cat /sys/fs/cgroup/memory/memory.limit_in_bytes 2>/dev/null || cat /sys/fs/cgroup/memory.max)
        printf '{"Outputs": [], "Data": {"memory": %s}}' "$limit" > return.json
        """;

    [Fact]
    public async Task the_container_gets_the_instances_memory_limit()
    {
        await host.DefineAsync("limits-memory", OneTask.Replace("%", "report-memory"), ("report-memory", ReportMemory));

        var id = await Instances.StartAsync(host.Client, new JsonObject
        {
            ["name"] = "limits-memory",
            ["limitation"] = new JsonObject { ["memory"] = 48L << 20, ["memorySwap"] = 48L << 20 },
        });
        var instance = await Instances.WaitAsync(host.Client, id);

        instance.Status().ShouldBe("Succeeded", instance.ToJsonString());
        instance["output"]!["data"]!["memory"]!.GetValue<long>().ShouldBe(48L << 20);
    }

    [Fact]
    public async Task the_instances_execution_timeout_stops_a_slow_actor()
    {
        await host.DefineAsync("limits-timeout", OneTask.Replace("%", "limits-sleepy"), ("limits-sleepy", "sleep 30"));

        var id = await Instances.StartAsync(host.Client, new JsonObject
        {
            ["name"] = "limits-timeout",
            ["limitation"] = new JsonObject { ["executionTimeout"] = 1000 },
        });
        var instance = await Instances.WaitAsync(host.Client, id, TimeSpan.FromSeconds(20));

        instance.Status().ShouldBe("Failed", instance.ToJsonString());
        instance["error"]!.GetValue<string>().ShouldBe("States.Timeout");
        instance.Runs().Single()!["timedOut"]!.GetValue<bool>().ShouldBeTrue();
    }

    [Fact]
    public async Task bad_limits_are_400_listing_each_and_start_nothing()
    {
        var before = (long)(await host.QueryAsync("SELECT count(*) FROM joy.instances"))[0]!;
        using var response = await host.Client.PutAsJsonAsync(Instances.Route, new JsonObject
        {
            ["name"] = "judge",
            ["limitation"] = new JsonObject { ["memory"] = 10, ["cpuPeriod"] = 5, ["memorySwap"] = 5 },
        });

        response.StatusCode.ShouldBe(HttpStatusCode.BadRequest);
        var errors = (await response.Content.ReadFromJsonAsync<JsonObject>())!["errors"]!.AsObject();
        errors.Select(pair => pair.Key).Order().ShouldBe(["limitation.cpuPeriod", "limitation.memory", "limitation.memorySwap"]);
        ((long)(await host.QueryAsync("SELECT count(*) FROM joy.instances"))[0]!).ShouldBe(before);
    }
}
