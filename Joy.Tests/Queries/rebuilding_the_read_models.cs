using System.Net.Http.Json;
using System.Text.Json;
using Joy.Application.Instances;
using Joy.Application.Queries;
using Joy.Application.Queries.Instances;
using Joy.Domain.Instances;
using Joy.Web.Queries;
using Microsoft.Extensions.DependencyInjection;
using Npgsql;

namespace Joy.Tests.Queries;

/// <summary>
/// After a busy run (many instances of several machines, appending concurrently) a rebuild from
/// the event log yields read models equal, row for row, to the ones kept live: the async instance
/// summaries and the inline instances read model alike.
/// </summary>
public sealed class rebuilding_the_read_models(QueryApi api) : IClassFixture<QueryApi>
{
    [Fact]
    public async Task a_rebuilt_projection_equals_the_live_one()
    {
        await BusyRunAsync("busy");
        await api.WaitForSummariesAsync();
        var live = await SnapshotAsync();
        live["instance_summaries"].Count.ShouldBeGreaterThanOrEqualTo(24);
        live["actor_run_summaries"].Count.ShouldBeGreaterThan(24);

        using var client = api.CreateClient();
        var response = await client.PostAsync($"/api/v1/admin/projections/{InstanceSummaryProjection.ProjectionName}/rebuild", null);
        response.EnsureSuccessStatusCode();
        var result = await response.Content.ReadFromJsonAsync<JsonElement>(QueryApi.Json);

        result.GetProperty("eventsReplayed").GetInt64().ShouldBeGreaterThan(100);
        result.GetProperty("mode").GetString().ShouldBe("async");
        var rebuilt = await SnapshotAsync();
        SameRows(rebuilt, live, "instance_summaries", "actor_run_summaries");
    }

    [Fact]
    public async Task the_inline_instance_read_model_rebuilds_equal_and_leaves_the_run_queue_alone()
    {
        await BusyRunAsync("inline");
        var live = await SnapshotAsync();
        live["instances"].Count.ShouldBeGreaterThanOrEqualTo(24);
        live["instance_runs"].Count.ShouldBeGreaterThan(24);
        live["run_queue"].Count.ShouldBeGreaterThan(0, "instances left running keep queued runs");
        await using (var connection = await api.OpenAsync())
        {
            // Damage the read model: the rebuild must come from the log, not from what is there.
            await using var damage = new NpgsqlCommand(
                "UPDATE joy.instances SET status = 'Bogus' WHERE id = (SELECT min(id) FROM joy.instances); " +
                "DELETE FROM joy.instance_runs WHERE run_id = (SELECT min(run_id) FROM joy.instance_runs)", connection);
            await damage.ExecuteNonQueryAsync();
        }

        using var client = api.CreateClient();
        var response = await client.PostAsync($"/api/v1/admin/projections/{InstanceProjection.ProjectionName}/rebuild", null);
        response.EnsureSuccessStatusCode();
        var result = await response.Content.ReadFromJsonAsync<JsonElement>(QueryApi.Json);

        result.GetProperty("mode").GetString().ShouldBe("inline");
        result.GetProperty("eventsReplayed").GetInt64().ShouldBeGreaterThan(100);
        var rebuilt = await SnapshotAsync();
        SameRows(rebuilt, live, "instances", "instance_runs", "run_queue");
        // The engine goes on over the rebuilt model: a queued run completes and is read back.
        var (id, started) = await api.StartAsync("after-rebuild");
        await api.CompleteAllAsync(id, started);
        var view = await api.GetAsync<JsonElement>($"/api/v1/StateMachineInstance/{id}");
        view.GetProperty("status").GetString().ShouldBe("Succeeded");
    }

    [Fact]
    public async Task appends_during_an_inline_rebuild_wait_for_it_and_land_in_the_rebuilt_model()
    {
        await BusyRunAsync("before");
        var admin = api.Services.GetRequiredService<ProjectionAdmin>();
        var rebuilding = admin.RebuildAsync(admin.Find(InstanceProjection.ProjectionName)!);
        var appending = Task.WhenAll(Enumerable.Range(0, 8).Select(async i =>
        {
            var (id, started) = await api.StartAsync($"concurrent-{i}");
            await api.CompleteAllAsync(id, started);
        }));
        await Task.WhenAll(rebuilding, appending);

        var rebuiltWithAppends = await SnapshotAsync();
        await admin.RebuildAsync(admin.Find(InstanceProjection.ProjectionName)!);
        SameRows(await SnapshotAsync(), rebuiltWithAppends, "instances", "instance_runs");
        rebuiltWithAppends["instances"].Count(row => row.Contains("concurrent-", StringComparison.Ordinal)).ShouldBe(8);
    }

    /// <summary>
    /// Many instances of several machines appending concurrently: some succeed, some fail, some are
    /// cancelled mid-run, some re-run from their second state, the rest stay running with queued runs.
    /// </summary>
    private async Task BusyRunAsync(string prefix)
    {
        await Task.WhenAll(Enumerable.Range(0, 24).Select(i => Task.Run(async () =>
        {
            var twoTasks = i % 2 == 0;
            var (id, started) = await api.StartAsync($"{prefix}-{i % 3}", twoTasks ? QueryApi.TwoTasks : QueryApi.OneTask);
            switch (i % 6)
            {
                case 0 or 1 or 2:
                    await api.CompleteAllAsync(id, started, exitCode: i % 5 == 0 ? 1 : 0);
                    break;
                case 3:
                    await api.Handler.HandleAsync(id, new CancelInstance("busy run"));
                    break;
                case 4 when twoTasks:
                    await api.CompleteAllAsync(id, started);
                    await api.CompleteAllAsync(id, await api.Handler.HandleAsync(id, new RerunInstance("Run")));
                    break;
            }
        })));
    }

    [Fact]
    public async Task the_admin_api_lists_projections_and_404s_an_unknown_one()
    {
        using var client = api.CreateClient();
        var list = await client.GetFromJsonAsync<JsonElement>("/api/v1/admin/projections");
        var modes = list.EnumerateArray().ToDictionary(p => p.GetProperty("name").GetString()!, p => p.GetProperty("mode").GetString());
        modes[InstanceSummaryProjection.ProjectionName].ShouldBe("async");
        modes[InstanceProjection.ProjectionName].ShouldBe("inline");
        modes["definitions"].ShouldBe("inline");
        modes.ShouldNotContainKey("run-queue");
        list.EnumerateArray().Single(p => p.GetProperty("name").GetString() == InstanceProjection.ProjectionName)
            .GetProperty("checkpoint").ValueKind.ShouldBe(JsonValueKind.Null);
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

    /// <summary>The same rows in each table; a difference is reported as the rows only one side has.</summary>
    private static void SameRows(Dictionary<string, List<string>> actual, Dictionary<string, List<string>> expected, params string[] tables)
    {
        foreach (var table in tables)
        {
            var extra = actual[table].Except(expected[table]).ToList();
            var missing = expected[table].Except(actual[table]).ToList();
            (extra.Count + missing.Count).ShouldBe(0,
                $"{table}: {extra.Count} row(s) not expected, {missing.Count} missing.\nNot expected:\n{string.Join("\n", extra)}\nMissing:\n{string.Join("\n", missing)}");
            actual[table].ShouldBe(expected[table], $"{table}: the same rows in another order or repeated");
        }
    }

    /// <summary>Every row of the read models (and the run queue) as text, in a stable order.</summary>
    private async Task<Dictionary<string, List<string>>> SnapshotAsync()
    {
        await using var connection = await api.OpenAsync();
        var tables = new Dictionary<string, List<string>>();
        // instance_runs.seq is a sequence (a rebuild draws new numbers): compared as each run's rank
        // within its instance, so the order of an instance's runs must come out the same.
        var queries = new[]
        {
            ("instance_summaries", "SELECT t::text FROM joy.instance_summaries t ORDER BY id"),
            ("actor_run_summaries", "SELECT t::text FROM joy.actor_run_summaries t ORDER BY run_id"),
            ("instances", "SELECT t::text FROM joy.instances t ORDER BY id"),
            ("instance_runs", """
                SELECT (to_jsonb(t) - 'seq' || jsonb_build_object('rank', rank() OVER (PARTITION BY instance_id ORDER BY seq)))::text
                  FROM joy.instance_runs t ORDER BY run_id
                """),
            ("run_queue", "SELECT t::text FROM joy.run_queue t ORDER BY run_id"),
        };
        foreach (var (table, sql) in queries)
        {
            await using var command = new NpgsqlCommand(sql, connection);
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
