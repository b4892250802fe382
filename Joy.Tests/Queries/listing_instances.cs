using System.Net;
using Joy.Application.Queries.Instances;
using Npgsql;

namespace Joy.Tests.Queries;

/// <summary>GET /api/v1/StateMachineInstance/All: the original's filters and keyset paging, newest first.</summary>
public sealed class listing_instances(QueryApi api) : IClassFixture<QueryApi>
{
    [Fact]
    public async Task pages_newest_first_with_every_instance_exactly_once()
    {
        var machine = $"list-{Guid.NewGuid():N}";
        var ids = new List<string>();
        for (var i = 0; i < 7; i++)
        {
            ids.Add((await api.StartAsync(machine)).Id);
        }

        await api.WaitForSummariesAsync();
        var seen = new List<InstanceSummary>();
        string? after = null;
        do
        {
            var page = await api.GetAsync<InstanceListResponse>(
                $"/api/v1/StateMachineInstance/All?name={machine}&limit=3{(after is null ? "" : $"&after={after}")}");
            page.Items.Count.ShouldBeLessThanOrEqualTo(3);
            seen.AddRange(page.Items);
            after = page.Next;
        }
        while (after is not null);

        seen.Select(s => s.Id).ShouldBe(Enumerable.Reverse(ids));
        seen.ShouldAllBe(s => s.Name == machine && s.Status == "Running" && s.Stage == "Work");
    }

    [Fact]
    public async Task filters_by_status_stage_and_start_and_finish_time()
    {
        var machine = $"filter-{Guid.NewGuid():N}";
        var (done, started) = await api.StartAsync(machine, QueryApi.TwoTasks);
        await api.CompleteAllAsync(done, started);
        var (running, _) = await api.StartAsync(machine, QueryApi.TwoTasks);
        await api.WaitForSummariesAsync();
        await using (var connection = await api.OpenAsync())
        {
            // Pin the times so the window filters have something to tell apart.
            await using var pin = new NpgsqlCommand("""
                UPDATE joy.instance_summaries SET started_at = '2026-01-01T10:00:00Z', finished_at = '2026-01-01T10:05:00Z' WHERE id = $1;
                UPDATE joy.instance_summaries SET started_at = '2026-01-02T10:00:00Z' WHERE id = $2;
                """.Replace("$1", $"'{done}'").Replace("$2", $"'{running}'"), connection);
            await pin.ExecuteNonQueryAsync();
        }

        async Task<string[]> Ids(string filter) =>
            (await api.GetAsync<InstanceListResponse>($"/api/v1/StateMachineInstance/All?name={machine}&{filter}")).Items.Select(i => i.Id).ToArray();

        (await Ids("status=Succeeded")).ShouldBe([done]);
        (await Ids("status=running")).ShouldBe([running]);
        (await Ids("stage=Compile")).ShouldBe([running]);
        (await Ids("stage=Run")).ShouldBe([done]);
        (await Ids("begin_time=2026-01-02T00:00:00Z")).ShouldBe([running]);
        (await Ids("finish_time=2026-01-01T11:00:00Z")).ShouldBe([done]);
        (await Ids("finish_time=2026-01-01T10:00:00Z")).ShouldBeEmpty();
        (await Ids("begin_time=2026-01-01T00:00:00Z&finish_time=2026-01-01T10:05:00Z")).ShouldBe([done]);
    }

    [Fact]
    public async Task bad_filters_are_400_listing_every_problem()
    {
        using var client = api.CreateClient();
        var response = await client.GetAsync("/api/v1/StateMachineInstance/All?status=Nope&limit=0&begin_time=yesterday&after=zz");
        response.StatusCode.ShouldBe(HttpStatusCode.BadRequest);
        var body = await response.Content.ReadAsStringAsync();
        foreach (var key in new[] { "status", "limit", "begin_time", "after" })
        {
            body.ShouldContain($"\"{key}\"");
        }
    }
}
