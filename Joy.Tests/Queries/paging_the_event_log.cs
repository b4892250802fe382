using System.Net;
using System.Text.Json;
using Npgsql;

namespace Joy.Tests.Queries;

/// <summary>GET /api/v1/events pages the global log; live clients share one LISTEN connection.</summary>
public sealed class paging_the_event_log(QueryApi api) : IClassFixture<QueryApi>
{
    [Fact]
    public async Task small_pages_return_every_event_of_an_instance_exactly_once_in_version_order()
    {
        var (id, started) = await api.StartAsync($"page-{Guid.NewGuid():N}", QueryApi.TwoTasks);
        await api.CompleteAllAsync(id, started);
        await api.StartAsync($"noise-{Guid.NewGuid():N}");
        var expected = (await api.AllEventsAsync($"instance={id}")).Count;

        var versions = new List<long>();
        var after = "";
        for (var pages = 0; pages < 100 && versions.Count < expected; pages++)
        {
            var page = await api.GetAsync<JsonElement>($"/api/v1/events?instance={id}&limit=2&after={after}");
            page.GetProperty("events").GetArrayLength().ShouldBeLessThanOrEqualTo(2);
            versions.AddRange(page.GetProperty("events").EnumerateArray().Select(e => e.GetProperty("version").GetInt64()));
            after = page.GetProperty("next").GetString()!;
        }

        versions.ShouldBe(Enumerable.Range(1, expected).Select(v => (long)v));
    }

    [Fact]
    public async Task bad_paging_values_are_400_listing_each()
    {
        using var client = api.CreateClient();
        var response = await client.GetAsync("/api/v1/events?after=yesterday&limit=5000");
        response.StatusCode.ShouldBe(HttpStatusCode.BadRequest);
        var errors = JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement.GetProperty("errors");
        errors.TryGetProperty("after", out _).ShouldBeTrue();
        errors.TryGetProperty("limit", out _).ShouldBeTrue();
    }

    [Fact]
    public async Task many_live_clients_add_no_database_sessions()
    {
        using var http = api.CreateClient();
        await using (var first = await SseClient.ConnectAsync(http, "/api/v1/events/stream?after=end"))
        {
            // A start first, so the pool has grown to what a start needs (its request, the inline and async
            // projections, the dispatcher) before the baseline is taken: growth after that is the clients'.
            var (warmUp, _) = await api.StartAsync($"warm-{Guid.NewGuid():N}");
            JsonDocument.Parse((await first.NextAsync()).Data).RootElement.GetProperty("instanceId").GetString().ShouldBe(warmUp);
            var before = await SessionsAsync();
            before.ShouldBeGreaterThan(0); // the service's pooled sessions (and the shared high-water watcher) are visible
            var clients = new List<SseClient>();
            for (var i = 0; i < 16; i++)
            {
                clients.Add(await SseClient.ConnectAsync(http, "/api/v1/events/stream?after=end"));
            }

            var (id, _) = await api.StartAsync($"fan-{Guid.NewGuid():N}");
            foreach (var client in clients)
            {
                string? seen;
                do
                {
                    // "end" may still be before the warm-up's last event, which then comes first
                    seen = JsonDocument.Parse((await client.NextAsync()).Data).RootElement.GetProperty("instanceId").GetString();
                }
                while (seen == warmUp);
                seen.ShouldBe(id);
            }

            // A session per waiting client would add sixteen; half of that is left for the pool's own breathing.
            (await SessionsAsync()).ShouldBeLessThan(before + clients.Count / 2);
            foreach (var client in clients)
            {
                await client.DisposeAsync();
            }
        }
    }

    private async Task<long> SessionsAsync()
    {
        await using var connection = await api.OpenAsync();
        await using var command = new NpgsqlCommand(
            "SELECT count(*) FROM pg_stat_activity WHERE datname = current_database() AND pid <> pg_backend_pid()", connection);
        return (long)(await command.ExecuteScalarAsync())!;
    }
}
