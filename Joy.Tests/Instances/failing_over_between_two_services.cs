using System.Net.Http.Json;
using System.Text.Json.Nodes;
using Joy.Tests.Infrastructure;
using Joy.Tests.Store;

namespace Joy.Tests.Instances;

/// <summary>
/// Two real service processes on one database. The first, started alone, holds every singular role:
/// the async daemon (instance summaries) and the Wolverine agents that fire scheduled messages. It is
/// SIGKILLed: no shutdown code runs, its heartbeat simply stops. Within five seconds the second one
/// fires the first one's timers and projects new events.
/// </summary>
[Collection(Failovers.Name)]
public sealed class failing_over_between_two_services(TestDatabase database) : IClassFixture<TestDatabase>
{
    private static readonly TimeSpan Failover = TimeSpan.FromSeconds(5);
    private readonly string _serviceName = $"joy-test-{Guid.NewGuid():N}"[..21];

    private Dictionary<string, string?> Settings => new()
    {
        ["ConnectionStrings:Joy"] = database.ConnectionString,
        ["Joy:Executor:ServiceName"] = _serviceName,
    };

    [Fact]
    public async Task the_survivor_fires_the_dead_leaders_timers_and_runs_the_async_projections_within_five_seconds()
    {
        await using var first = await ServiceProcess.StartAsync(Settings);
        using var firstClient = first.CreateClient();
        await DefineAsync(firstClient, "pass", "{'StartAt': 'P', 'States': {'P': {'Type': 'Pass', 'End': true}}}");
        await DefineAsync(firstClient, "wait", "{'StartAt': 'W', 'States': {'W': {'Type': 'Wait', 'Seconds': 2, 'End': true}}}");
        // Alone, the first process leads: its projections list what it starts.
        var before = await Instances.StartAsync(firstClient, new JsonObject { ["name"] = "pass" });
        await Eventually.TrueAsync(() => ListedAsync(firstClient, before), TimeSpan.FromSeconds(30), "the first process to project");

        await using var second = await ServiceProcess.StartAsync(Settings);
        using var secondClient = second.CreateClient();
        await Eventually.TrueAsync(async () => (long)(await CountNodesAsync())! == 2, TimeSpan.FromSeconds(30),
            "both processes to be Wolverine nodes");
        var waiting = await Instances.StartAsync(firstClient, new JsonObject { ["name"] = "wait" });

        await first.KillAsync();
        var killedAt = DateTimeOffset.UtcNow;
        var after = await Instances.StartAsync(secondClient, new JsonObject { ["name"] = "pass" });
        await Eventually.TrueAsync(() => ListedAsync(secondClient, after), TimeSpan.FromSeconds(30), "the second process to project");
        var projectedAt = DateTimeOffset.UtcNow;
        var waited = await Instances.WaitAsync(secondClient, waiting, TimeSpan.FromSeconds(30));

        waited.Status().ShouldBe("Succeeded", second.Output);
        var timerFiredAt = waited["finishedAt"]!.GetValue<DateTimeOffset>();
        (projectedAt - killedAt).ShouldBeLessThan(Failover, second.Output);
        (timerFiredAt - killedAt).ShouldBeLessThan(Failover, second.Output);
        (await EventCountAsync(waiting, "instance.timer-fired.v1")).ShouldBe(1L);
    }

    private static async Task DefineAsync(HttpClient client, string name, string definition)
    {
        using var response = await client.PutAsJsonAsync("/api/v1/StateMachine", new JsonObject
        {
            ["name"] = name,
            ["definition"] = JsonNode.Parse(definition.Replace('\'', '"')),
        });
        response.EnsureSuccessStatusCode();
    }

    private static async Task<bool> ListedAsync(HttpClient client, string id)
    {
        var page = await client.GetFromJsonAsync<JsonObject>("/api/v1/StateMachineInstance/All?limit=200");
        return page!["items"]!.AsArray().Any(item => item!["id"]!.GetValue<string>() == id);
    }

    private async Task<object?> CountNodesAsync() =>
        await ScalarAsync("SELECT count(*) FROM joy.wolverine_nodes");

    private async Task<long> EventCountAsync(string instance, string type) =>
        (long)(await ScalarAsync($"SELECT count(*) FROM joy.mt_events WHERE stream_id = 'instance-{instance}' AND type = '{type}'"))!;

    private async Task<object?> ScalarAsync(string sql)
    {
        await using var connection = new Npgsql.NpgsqlConnection(database.ConnectionString);
        await connection.OpenAsync();
        await using var command = new Npgsql.NpgsqlCommand(sql, connection);
        return await command.ExecuteScalarAsync();
    }
}
