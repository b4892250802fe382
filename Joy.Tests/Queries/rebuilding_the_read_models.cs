using System.Net.Http.Json;
using System.Text.Json;
using Joy.Application.Queries.Instances;
using Joy.Web.Queries;
using Microsoft.Extensions.DependencyInjection;
using Npgsql;

namespace Joy.Tests.Queries;

/// <summary>
/// After a busy run (many instances of several machines, appending concurrently) a rebuild from
/// the event log yields read models equal, row for row, to the ones kept live.
/// </summary>
public sealed class rebuilding_the_read_models(QueryApi api) : IClassFixture<QueryApi>
{
    [Fact]
    public async Task a_rebuilt_projection_equals_the_live_one()
    {
        await Task.WhenAll(Enumerable.Range(0, 24).Select(i => Task.Run(async () =>
        {
            var (id, started) = await api.StartAsync($"busy-{i % 3}", i % 2 == 0 ? QueryApi.TwoTasks : QueryApi.OneTask);
            if (i % 4 != 3)
            {
                await api.CompleteAllAsync(id, started, exitCode: i % 5 == 0 ? 1 : 0);
            }
        })));
        await api.WaitForSummariesAsync();
        var live = await SnapshotAsync();
        live["instance_summaries"].Count.ShouldBeGreaterThanOrEqualTo(24);
        live["actor_run_summaries"].Count.ShouldBeGreaterThan(24);

        using var client = api.CreateClient();
        var response = await client.PostAsync($"/api/v1/admin/projections/{InstanceSummaryProjection.ProjectionName}/rebuild", null);
        response.EnsureSuccessStatusCode();
        var result = await response.Content.ReadFromJsonAsync<JsonElement>(QueryApi.Json);

        result.GetProperty("eventsReplayed").GetInt64().ShouldBeGreaterThan(100);
        var rebuilt = await SnapshotAsync();
        rebuilt["instance_summaries"].ShouldBe(live["instance_summaries"]);
        rebuilt["actor_run_summaries"].ShouldBe(live["actor_run_summaries"]);
    }

    [Fact]
    public async Task the_admin_api_lists_projections_and_404s_an_unknown_one()
    {
        using var client = api.CreateClient();
        var list = await client.GetFromJsonAsync<JsonElement>("/api/v1/admin/projections");
        list.EnumerateArray().Select(p => p.GetProperty("name").GetString()).ShouldContain(InstanceSummaryProjection.ProjectionName);
        (await client.PostAsync("/api/v1/admin/projections/nope/rebuild", null)).StatusCode.ShouldBe(System.Net.HttpStatusCode.NotFound);
    }

    [Fact]
    public async Task the_command_line_switch_rebuilds_and_reports()
    {
        await api.StartAsync("cli");
        await api.WaitForSummariesAsync();
        using var output = new StringWriter();

        var exitCode = await RebuildCommand.RunAsync(api.Services, ["--rebuild-projections", "all"], output);

        exitCode.ShouldBe(0);
        output.ToString().ShouldContain($"Rebuilt {InstanceSummaryProjection.ProjectionName}");
        (await RebuildCommand.RunAsync(api.Services, ["--rebuild-projections", "nope"], output)).ShouldBe(2);
    }

    /// <summary>Every row of both tables as text, in a stable order.</summary>
    private async Task<Dictionary<string, List<string>>> SnapshotAsync()
    {
        await using var connection = await api.OpenAsync();
        var tables = new Dictionary<string, List<string>>();
        foreach (var (table, key) in new[] { ("instance_summaries", "id"), ("actor_run_summaries", "run_id") })
        {
            await using var command = new NpgsqlCommand($"SELECT t::text FROM joy.{table} t ORDER BY {key}", connection);
            await using var reader = await command.ExecuteReaderAsync();
            var rows = new List<string>();
            while (await reader.ReadAsync())
            {
                rows.Add(reader.GetString(0));
            }

            tables[table] = rows;
        }

        return tables;
    }
}
