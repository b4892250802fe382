using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using Joy.Tests.Instances;

namespace Joy.Tests.Schedules;

/// <summary>
/// An <see cref="InstanceHost"/> with a <c>pass</c> state machine (no container: a tick's instance ends at once) and a
/// <c>slow</c> one (a busybox actor sleeping <see cref="SlowSeconds"/> s, longer than a two-second interval), and the
/// schedule calls and reads the tests need.
/// </summary>
public class ScheduleHost : InstanceHost, IAsyncLifetime
{
    public const int SlowSeconds = 5;

    public const string Route = "/api/v1/Schedule";

    public new async Task InitializeAsync()
    {
        await base.InitializeAsync();
        await DefineAsync("pass", "{'StartAt': 'P', 'States': {'P': {'Type': 'Pass', 'End': true}}}");
        await DefineAsync("slow", "{'StartAt': 'S', 'States': {'S': {'Type': 'Task', 'Resource': 'actor:sleeper', 'End': true}}}",
            ("sleeper", $"sleep {SlowSeconds}"));
    }

    /// <summary>Defines a schedule of <paramref name="machine"/> (a 201 or the test fails), with extra fields merged in.</summary>
    public static async Task<JsonObject> PutAsync(HttpClient client, string name, string cron, string machine = "pass", JsonObject? extra = null)
    {
        var body = new JsonObject { ["name"] = name, ["cron"] = cron, ["stateMachine"] = machine };
        foreach (var (key, value) in extra ?? [])
        {
            body[key] = value?.DeepClone();
        }

        using var response = await client.PutAsJsonAsync(Route, body);
        var text = await response.Content.ReadAsStringAsync();
        response.StatusCode.ShouldBe(HttpStatusCode.Created, text);
        return JsonNode.Parse(text)!.AsObject();
    }

    public static async Task<JsonObject> GetAsync(HttpClient client, string name) =>
        (await client.GetFromJsonAsync<JsonObject>($"{Route}/{name}"))!;

    public static async Task<JsonObject> PostAsync(HttpClient client, string name, string action, JsonObject? body = null)
    {
        using var response = await client.PostAsJsonAsync($"{Route}/{name}/{action}", body ?? []);
        var text = await response.Content.ReadAsStringAsync();
        response.StatusCode.ShouldBe(HttpStatusCode.OK, text);
        return JsonNode.Parse(text)!.AsObject();
    }

    /// <summary>Every recorded tick of the schedule, oldest first: (tick, kind, outcome, instance, reason, count, recorded at).</summary>
    public async Task<List<Fire>> FiresAsync(string name)
    {
        await using var connection = new Npgsql.NpgsqlConnection(Database.ConnectionString);
        await connection.OpenAsync();
        await using var command = new Npgsql.NpgsqlCommand(
            "SELECT tick, kind, outcome, instance_id, reason, count, at FROM joy.schedule_fires WHERE name = $1 ORDER BY seq", connection)
        {
            Parameters = { new() { Value = name } },
        };
        await using var r = await command.ExecuteReaderAsync();
        var fires = new List<Fire>();
        while (await r.ReadAsync())
        {
            fires.Add(new Fire(r.GetFieldValue<DateTimeOffset>(0), r.GetString(1), r.GetString(2), r.IsDBNull(3) ? null : r.GetString(3),
                r.IsDBNull(4) ? null : r.GetString(4), r.GetInt32(5), r.GetFieldValue<DateTimeOffset>(6)));
        }

        return fires;
    }

    /// <summary>The instances started with a key of this schedule, by key.</summary>
    public async Task<Dictionary<string, string>> InstancesByKeyAsync(string name)
    {
        await using var connection = new Npgsql.NpgsqlConnection(Database.ConnectionString);
        await connection.OpenAsync();
        await using var command = new Npgsql.NpgsqlCommand(
            "SELECT idempotency_key, id FROM joy.instances WHERE idempotency_key LIKE $1", connection)
        {
            Parameters = { new() { Value = $"schedule:{name}:%" } },
        };
        await using var r = await command.ExecuteReaderAsync();
        var found = new Dictionary<string, string>();
        while (await r.ReadAsync())
        {
            found.Add(r.GetString(0), r.GetString(1));
        }

        return found;
    }

    public sealed record Fire(DateTimeOffset Tick, string Kind, string Outcome, string? InstanceId, string? Reason, int Count, DateTimeOffset At);
}
