using System.Net;
using System.Text.Json;
using Joy.Tests.Infrastructure;
using Joy.Web.Health;
using Microsoft.Extensions.Configuration;
using Npgsql;

namespace Joy.Tests.Web;

/// <summary>
/// Joy.Web over the environment's settings file and the test's own database (never the shared
/// one: its schema may be from an older build), plus whatever a test adds on top.
/// </summary>
internal static class HealthHost
{
    public static Task<Alba.IAlbaHost> CreateAsync(TestDatabase database, Dictionary<string, string?>? overrides = null) =>
        JoyApp.StartAsync(configuration =>
        {
            configuration.AddJsonFile(TestEnvironment.SettingsPath, optional: false);
            configuration.AddInMemoryCollection(new Dictionary<string, string?> { ["ConnectionStrings:Joy"] = database.ConnectionString });
            configuration.AddInMemoryCollection(overrides ?? []);
        });

    public static async Task<(HttpStatusCode Status, JsonElement Body)> GetHealthAsync(this Alba.IAlbaHost factory)
    {
        using var client = factory.CreateClient();
        using var response = await client.GetAsync("/health");
        return (response.StatusCode, JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement.Clone());
    }
}

public class the_health_endpoint_with_everything_up(TestDatabase database) : IClassFixture<TestDatabase>
{
    [Fact]
    public async Task reports_both_nodes_with_their_api_version_and_runner_image()
    {
        await using var factory = await HealthHost.CreateAsync(database);

        var (status, body) = await factory.GetHealthAsync();

        status.ShouldBe(HttpStatusCode.OK, body.ToString());
        body.GetProperty("status").GetString().ShouldBe("Healthy");
        body.GetProperty("database").GetProperty("reachable").GetBoolean().ShouldBeTrue();
        foreach (var name in new[] { "node-1", "node-2" })
        {
            var node = body.GetProperty("nodes").GetProperty(name);
            node.GetProperty("reachable").GetBoolean().ShouldBeTrue();
            node.GetProperty("apiVersion").GetString().ShouldBe("1.41");
            node.GetProperty("image").GetString().ShouldBe("joy-runner:latest");
            node.GetProperty("imagePresent").GetBoolean().ShouldBeTrue();
        }

        var eventStore = body.GetProperty("eventStore");
        eventStore.GetProperty("healthy").GetBoolean().ShouldBeTrue();
        eventStore.GetProperty("highWaterMark").GetInt64().ShouldBeGreaterThanOrEqualTo(0);
    }
}

/// <summary>
/// Marten's high-water check: a writer that took a sequence number and keeps its transaction open
/// holds the mark (nothing above it may be read yet); once events wait above the held mark for
/// longer than the threshold, the event store is unhealthy.
/// </summary>
public class the_health_endpoint_with_a_stuck_high_water_mark(TestDatabase database) : IClassFixture<TestDatabase>
{
    [Fact]
    public async Task answers_503_naming_the_event_store()
    {
        await using var factory = await HealthHost.CreateAsync(database, new() { ["Joy:EventStore:Health:HighWaterStaleThreshold"] = "00:00:01" });
        using var client = factory.CreateClient();
        await DefineAsync(client, "before-the-stuck-writer");
        var (status, body) = await factory.GetHealthAsync();
        await Joy.Tests.Store.Eventually.TrueAsync(async () =>
        {
            (status, body) = await factory.GetHealthAsync();
            return body.GetProperty("eventStore").GetProperty("highWaterMark").GetInt64() > 0;
        }, TimeSpan.FromSeconds(30), "the high-water mark to pass the first event");
        status.ShouldBe(HttpStatusCode.OK, body.ToString());

        await using var stuck = new NpgsqlConnection(database.ConnectionString);
        await stuck.OpenAsync();
        await using var transaction = await stuck.BeginTransactionAsync();
        await using (var take = new NpgsqlCommand("SELECT nextval('joy.mt_events_sequence')", stuck, transaction))
        {
            await take.ExecuteScalarAsync();
        }

        await DefineAsync(client, "after-the-stuck-writer");
        await Joy.Tests.Store.Eventually.TrueAsync(async () =>
        {
            (status, body) = await factory.GetHealthAsync();
            return status == HttpStatusCode.ServiceUnavailable;
        }, TimeSpan.FromSeconds(30), "the event store to be reported unhealthy");

        body.GetProperty("detail").GetString().ShouldStartWith("event store: ");
        body.GetProperty("eventStore").GetProperty("healthy").GetBoolean().ShouldBeFalse();
        await transaction.RollbackAsync();
    }

    private static async Task DefineAsync(HttpClient client, string name)
    {
        using var defined = await client.PutAsync("/api/v1/Actor",
            new StringContent($$"""{"name": "{{name}}", "command": ["true"]}""", System.Text.Encoding.UTF8, "application/json"));
        defined.EnsureSuccessStatusCode();
    }
}

public class the_health_endpoint_with_something_down(TestDatabase database) : IClassFixture<TestDatabase>
{
    [Fact]
    public async Task answers_503_naming_the_node_that_is_down()
    {
        await using var factory = await HealthHost.CreateAsync(database, new()
        {
            ["Joy:Nodes:ghost:Address"] = "unix:///nonexistent/ghost/docker.sock",
            ["Joy:Nodes:ghost:Image"] = "joy-runner:latest",
        });

        var (status, body) = await factory.GetHealthAsync();

        status.ShouldBe(HttpStatusCode.ServiceUnavailable);
        body.GetProperty("detail").GetString().ShouldStartWith("node 'ghost': ");
        body.GetProperty("problems").GetArrayLength().ShouldBe(1);
        body.GetProperty("nodes").GetProperty("ghost").GetProperty("reachable").GetBoolean().ShouldBeFalse();
        body.GetProperty("nodes").GetProperty("node-1").GetProperty("imagePresent").GetBoolean().ShouldBeTrue();
    }

    [Fact]
    public async Task answers_503_naming_a_node_without_its_runner_image()
    {
        await using var factory = await HealthHost.CreateAsync(database, new() { ["Joy:Nodes:node-1:Image"] = "joy-missing:latest" });

        var (status, body) = await factory.GetHealthAsync();

        status.ShouldBe(HttpStatusCode.ServiceUnavailable);
        body.GetProperty("detail").GetString().ShouldBe("node 'node-1': runner image 'joy-missing:latest' is not on the node");
    }
}

// The whole app cannot start without PostgreSQL (schemas are ensured at startup), so the database half of
// /health is exercised directly.
public class the_database_probe
{
    [Fact]
    public async Task reports_a_reachable_database()
    {
        (await DatabaseProbe.CheckAsync(TestEnvironment.ConnectionString, TimeSpan.FromSeconds(3))).ShouldBe(new DatabaseHealth(true, null));
    }

    [Fact]
    public async Task reports_an_unreachable_one_without_the_password()
    {
        var health = await DatabaseProbe.CheckAsync("Host=127.0.0.1;Port=1;Database=joy;Username=joy;Password=secret", TimeSpan.FromSeconds(3));

        health.Reachable.ShouldBeFalse();
        health.Error.ShouldNotBeNull().ShouldContain("127.0.0.1:1");
        health.Error.ShouldNotContain("secret");
    }

    [Fact]
    public async Task reports_a_missing_connection_string()
    {
        (await DatabaseProbe.CheckAsync(null, TimeSpan.FromSeconds(3))).Error.ShouldBe("ConnectionStrings:Joy is not configured");
    }
}
