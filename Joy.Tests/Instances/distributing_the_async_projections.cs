using System.Net.Http.Json;
using System.Text.Json;
using System.Text.Json.Nodes;
using Joy.Application.Queries.Instances;
using Joy.Tests.Infrastructure;
using Joy.Tests.Store;
using Npgsql;

namespace Joy.Tests.Instances;

/// <summary>
/// Two real service processes on one database: Wolverine's leader assigns each async projection to
/// exactly one of them, and both processes say the same. A rebuild asked of the process that does
/// not run it pauses it in the one that does, replays it, and hands it back: the rebuilt read model
/// equals the live one row for row and goes on following the log. When the process that runs it is
/// SIGKILLed, the other takes it over.
/// </summary>
public sealed class distributing_the_async_projections(TestDatabase database) : IClassFixture<TestDatabase>
{
    private const string Summaries = InstanceSummaryProjection.ProjectionName;
    private readonly string _serviceName = $"joy-test-{Guid.NewGuid():N}"[..21];

    private Dictionary<string, string?> Settings => new()
    {
        ["ConnectionStrings:Joy"] = database.ConnectionString,
        ["Joy:Executor:ServiceName"] = _serviceName,
    };

    [Fact]
    public async Task each_runs_in_one_process_rebuilds_from_the_other_and_moves_when_its_process_dies()
    {
        // Started one after the other, they are Wolverine nodes 1 and 2.
        await using var first = await ServiceProcess.StartAsync(Settings);
        await using var second = await ServiceProcess.StartAsync(Settings);
        var processes = new Dictionary<int, ServiceProcess> { [1] = first, [2] = second };
        using var firstClient = first.CreateClient();
        using var secondClient = second.CreateClient();
        using (var defined = await firstClient.PutAsJsonAsync("/api/v1/StateMachine", new JsonObject
               {
                   ["name"] = "pass",
                   ["definition"] = JsonNode.Parse("""{"StartAt": "P", "States": {"P": {"Type": "Pass", "End": true}}}"""),
               }))
        {
            defined.EnsureSuccessStatusCode();
        }

        var started = new List<string>();
        for (var i = 0; i < 10; i++)
        {
            started.Add(await Instances.StartAsync(i % 2 == 0 ? firstClient : secondClient, new JsonObject { ["name"] = "pass" }));
        }

        // Both processes report the same single runner.
        var owner = 0;
        await Eventually.TrueAsync(async () =>
        {
            var seen = new[] { await RunningOnAsync(firstClient), await RunningOnAsync(secondClient) };
            owner = seen[0] ?? 0;
            return seen[0] is 1 or 2 && seen[1] == seen[0];
        }, TimeSpan.FromSeconds(30), "both processes to report the one process running the summaries");
        await Eventually.TrueAsync(() => AllListedAsync(firstClient, started), TimeSpan.FromSeconds(30), "the summaries to list every instance");
        var live = await SnapshotAsync(started);
        live.Count.ShouldBe(10);

        // The rebuild is asked of the process that does not run the summaries, while the one that does
        // keeps appending: were it still running them, it would project into tables being rebuilt.
        var other = processes[3 - owner];
        using var otherClient = other.CreateClient();
        var rebuilding = otherClient.PostAsync($"/api/v1/admin/projections/{Summaries}/rebuild", null);
        var during = new List<string>();
        while (!rebuilding.IsCompleted || during.Count == 0)
        {
            during.Add(await Instances.StartAsync(processes[owner] == first ? firstClient : secondClient, new JsonObject { ["name"] = "pass" }));
        }

        using var response = await rebuilding;
        response.EnsureSuccessStatusCode();
        var result = await response.Content.ReadFromJsonAsync<JsonElement>();

        result.GetProperty("mode").GetString().ShouldBe("async");
        result.GetProperty("eventsReplayed").GetInt64().ShouldBeGreaterThan(30);
        (await SnapshotAsync(started)).ShouldBe(live);
        var afterRebuild = await Instances.StartAsync(otherClient, new JsonObject { ["name"] = "pass" });
        await Eventually.TrueAsync(() => AllListedAsync(otherClient, [.. during, afterRebuild]), TimeSpan.FromSeconds(30),
            "the rebuilt summaries to list what was started during the rebuild and after it");
        await Eventually.TrueAsync(async () => await RunningOnAsync(otherClient) is 1 or 2, TimeSpan.FromSeconds(30),
            "the summaries to run again after the rebuild");
        (await SnapshotAsync(during)).Count.ShouldBe(during.Count, "one summary per instance started during the rebuild");

        var runner = (await RunningOnAsync(otherClient))!.Value;
        var survivor = processes[3 - runner];
        using var survivorClient = survivor.CreateClient();
        await processes[runner].KillAsync();
        var afterKill = await Instances.StartAsync(survivorClient, new JsonObject { ["name"] = "pass" });

        await Eventually.TrueAsync(async () => await RunningOnAsync(survivorClient) == 3 - runner, TimeSpan.FromSeconds(30),
            "the survivor to take the summaries over");
        await Eventually.TrueAsync(() => AllListedAsync(survivorClient, [afterKill]), TimeSpan.FromSeconds(30),
            "the survivor to project");
    }

    private static async Task<int?> RunningOnAsync(HttpClient client)
    {
        var projections = await client.GetFromJsonAsync<JsonElement>("/api/v1/admin/projections");
        var summaries = projections.EnumerateArray().Single(p => p.GetProperty("name").GetString() == Summaries);
        return summaries.GetProperty("runningOn") is { ValueKind: JsonValueKind.Number } node ? node.GetInt32() : null;
    }

    /// <summary>Whether every one of <paramref name="ids"/> is listed, on any page (a busy rebuild may see hundreds started).</summary>
    private static async Task<bool> AllListedAsync(HttpClient client, IReadOnlyCollection<string> ids)
    {
        var listed = new HashSet<string>();
        string? next = null;
        do
        {
            var page = await client.GetFromJsonAsync<JsonObject>(
                "/api/v1/StateMachineInstance/All?limit=200" + (next is null ? "" : $"&after={Uri.EscapeDataString(next)}"));
            listed.UnionWith(page!["items"]!.AsArray().Select(item => item!["id"]!.GetValue<string>()));
            next = page["next"]?.GetValue<string>();
        }
        while (next is not null);

        return ids.All(listed.Contains);
    }

    /// <summary>The summaries' rows of <paramref name="instances"/>, as JSON, in a stable order.</summary>
    private async Task<List<string>> SnapshotAsync(IReadOnlyCollection<string> instances)
    {
        await using var connection = new NpgsqlConnection(database.ConnectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(
            "SELECT row_to_json(s)::text FROM joy.instance_summaries s WHERE s.id = ANY($1) ORDER BY 1", connection)
        {
            Parameters = { new NpgsqlParameter<string[]> { TypedValue = [.. instances] } },
        };
        var rows = new List<string>();
        await using var reader = await command.ExecuteReaderAsync();
        while (await reader.ReadAsync())
        {
            rows.Add(reader.GetString(0));
        }

        return rows;
    }
}
