using System.Net.Http.Json;
using System.Text.Json.Nodes;
using static Joy.Tests.Instances.RunStartEvents;

namespace Joy.Tests.Instances;

/// <summary>
/// A run's start (node, container, placement time) is appended with its result when the run ends
/// before <c>StartedReportDelaySeconds</c> (60 s here, so the run always wins), in one append.
/// </summary>
public sealed class recording_a_short_runs_start(recording_a_short_runs_start.Host host) : IClassFixture<recording_a_short_runs_start.Host>
{
    public sealed class Host : InstanceHost
    {
        protected override Dictionary<string, string?> Extra => new() { ["Joy:Dispatcher:StartedReportDelaySeconds"] = "60" };
    }

    [Fact]
    public async Task a_short_run_records_its_start_and_result_in_one_append()
    {
        await host.DefineAsync("start-short", OneTask.Replace("%", "start-quick"), ("start-quick", "true"));

        var id = await Instances.StartAsync(host.Client, new JsonObject { ["name"] = "start-short" });
        var instance = await Instances.WaitAsync(host.Client, id);

        instance.Status().ShouldBe("Succeeded", instance.ToJsonString());
        var events = await EventsAsync(host.Client, id);
        var started = events.Single(e => Type(e) == "instance.actor-run-started.v1");
        var succeeded = events.Single(e => Type(e) == "instance.actor-run-succeeded.v1");
        Append(started).ShouldBe(Append(succeeded));
        At(started).ShouldBeLessThan(At(succeeded)); // the placement time, not the time of the append
        instance.Runs().Single()!["node"]!.GetValue<string>().ShouldNotBeNullOrEmpty();
    }
}

/// <summary>A run still going after <c>StartedReportDelaySeconds</c> (the default, 1 s) has its start appended on its own, while it runs.</summary>
public sealed class recording_a_long_runs_start(InstanceHost host) : IClassFixture<InstanceHost>
{
    [Fact]
    public async Task a_long_run_records_its_start_while_it_runs()
    {
        await host.DefineAsync("start-long", OneTask.Replace("%", "start-slow"), ("start-slow", "sleep 6"));

        var id = await Instances.StartAsync(host.Client, new JsonObject { ["name"] = "start-long" });
        var deadline = DateTime.UtcNow.AddSeconds(15);
        JsonNode? started = null;
        while (started is null && DateTime.UtcNow < deadline)
        {
            started = (await EventsAsync(host.Client, id)).SingleOrDefault(e => Type(e) == "instance.actor-run-started.v1");
            await Task.Delay(100);
        }

        started.ShouldNotBeNull("no start recorded");
        (await Instances.GetAsync(host.Client, id)).Status().ShouldBe("Running", "the start is recorded before the run ends");
        var instance = await Instances.WaitAsync(host.Client, id);
        var succeeded = (await EventsAsync(host.Client, id)).Single(e => Type(e) == "instance.actor-run-succeeded.v1");
        Append(started).ShouldNotBe(Append(succeeded));
        instance.Status().ShouldBe("Succeeded");
    }
}

/// <summary>An instance's history as the audit API returns it, and the parts of an event these tests read.</summary>
internal static class RunStartEvents
{
    public const string OneTask = "{'StartAt': 'Work', 'States': {'Work': {'Type': 'Task', 'Resource': 'actor:%', 'End': true}}}";

    public static async Task<List<JsonNode>> EventsAsync(HttpClient client, string id)
    {
        var page = (await client.GetFromJsonAsync<JsonObject>($"{Instances.Route}/{id}/events"))!;
        return page["events"]!.AsArray().Select(e => e!).ToList();
    }

    public static string Type(JsonNode e) => e["type"]!.GetValue<string>();

    /// <summary>Which append wrote the event: every event of one append carries the append's time.</summary>
    public static string Append(JsonNode e) => e["time"]!.GetValue<string>();

    public static DateTimeOffset At(JsonNode e) => DateTimeOffset.Parse(e["data"]!["at"]!.GetValue<string>(), System.Globalization.CultureInfo.InvariantCulture);
}
