using System.Net.Http.Json;
using System.Text.Json.Nodes;

namespace Joy.Tests.Instances;

/// <summary>
/// A run's start (node, container, placement time) is appended with its result when the run is short,
/// in one append, and on its own after <c>StartedReportDelaySeconds</c> (2.5 s here) when it is still running.
/// </summary>
public sealed class recording_a_runs_start(recording_a_runs_start.Host host) : IClassFixture<recording_a_runs_start.Host>
{
    public sealed class Host : InstanceHost
    {
        protected override Dictionary<string, string?> Extra => new() { ["Joy:Dispatcher:StartedReportDelaySeconds"] = "2.5" };
    }

    private const string OneTask = "{'StartAt': 'Work', 'States': {'Work': {'Type': 'Task', 'Resource': 'actor:%', 'End': true}}}";

    [Fact]
    public async Task a_short_run_records_its_start_and_result_in_one_append()
    {
        await host.DefineAsync("start-short", OneTask.Replace("%", "start-quick"), ("start-quick", "true"));

        var id = await Instances.StartAsync(host.Client, new JsonObject { ["name"] = "start-short" });
        var instance = await Instances.WaitAsync(host.Client, id);

        instance.Status().ShouldBe("Succeeded", instance.ToJsonString());
        var events = await EventsAsync(id);
        var started = events.Single(e => Type(e) == "instance.actor-run-started.v1");
        var succeeded = events.Single(e => Type(e) == "instance.actor-run-succeeded.v1");
        Transaction(started).ShouldBe(Transaction(succeeded));
        At(started).ShouldBeLessThan(At(succeeded)); // the placement time, not the time of the append
        instance.Runs().Single()!["node"]!.GetValue<string>().ShouldNotBeNullOrEmpty();
    }

    [Fact]
    public async Task a_long_run_records_its_start_while_it_runs()
    {
        await host.DefineAsync("start-long", OneTask.Replace("%", "start-slow"), ("start-slow", "sleep 6"));

        var id = await Instances.StartAsync(host.Client, new JsonObject { ["name"] = "start-long" });
        var deadline = DateTime.UtcNow.AddSeconds(15);
        JsonNode? started = null;
        while (started is null && DateTime.UtcNow < deadline)
        {
            started = (await EventsAsync(id)).SingleOrDefault(e => Type(e) == "instance.actor-run-started.v1");
            await Task.Delay(100);
        }

        started.ShouldNotBeNull("no start recorded");
        (await Instances.GetAsync(host.Client, id)).Status().ShouldBe("Running", "the start is recorded before the run ends");
        var instance = await Instances.WaitAsync(host.Client, id);
        var succeeded = (await EventsAsync(id)).Single(e => Type(e) == "instance.actor-run-succeeded.v1");
        Transaction(started).ShouldNotBe(Transaction(succeeded));
        instance.Status().ShouldBe("Succeeded");
    }

    private async Task<List<JsonNode>> EventsAsync(string id)
    {
        var page = (await host.Client.GetFromJsonAsync<JsonObject>($"{Instances.Route}/{id}/events"))!;
        return page["events"]!.AsArray().Select(e => e!).ToList();
    }

    private static string Type(JsonNode e) => e["type"]!.GetValue<string>();

    private static string Transaction(JsonNode e) => e["position"]!.GetValue<string>().Split('-')[0];

    private static DateTimeOffset At(JsonNode e) => DateTimeOffset.Parse(e["data"]!["at"]!.GetValue<string>(), System.Globalization.CultureInfo.InvariantCulture);
}
