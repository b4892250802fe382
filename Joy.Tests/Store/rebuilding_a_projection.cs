using Joy.Application.EventStore;
using Microsoft.Extensions.DependencyInjection;

namespace Joy.Tests.Store;

public class rebuilding_a_projection(AsyncSummaryFixture fixture) : IClassFixture<AsyncSummaryFixture>
{
    [Fact]
    public async Task the_rebuilt_read_model_equals_the_live_one()
    {
        var projection = fixture.Services.GetRequiredService<StreamSummaryProjection>();
        var last = GlobalPosition.Start;
        for (var i = 0; i < 12; i++)
        {
            var events = i % 3 == 0
                ? [new CounterRenamed($"name-{i}")]
                : TestEvents.Increments(Enumerable.Range(0, i % 4 + 1).ToArray());
            last = (await fixture.Store.AppendAsync($"summary-{i % 5}", ExpectedVersion.Any, events)).LastPosition;
        }

        await fixture.WaitForProjectionAsync(projection.Name, last);
        var liveRows = await ReadModelAsync(fixture);
        liveRows.Count.ShouldBe(5);
        liveRows.ShouldContain(row => row.StartsWith("summary-0|", StringComparison.Ordinal));

        await using (var damage = fixture.DataSource.CreateCommand(
            $"UPDATE {fixture.Options.Schema}.stream_summaries SET version = 0, last_event_type = 'lost'"))
        {
            await damage.ExecuteNonQueryAsync();
        }

        var rebuilt = await fixture.Admin.RebuildAsync(projection);

        rebuilt.Mode.ShouldBe("async");
        rebuilt.EventsReplayed.ShouldBe(last.Sequence);
        (await ReadModelAsync(fixture)).ShouldBe(liveRows);
    }

    internal static async Task<List<string>> ReadModelAsync(StoreFixture fixture)
    {
        await using var command = fixture.DataSource.CreateCommand(
            $"SELECT stream_id, version, last_event_type, first_event_at, last_event_at, last_event_id FROM {fixture.Options.Schema}.stream_summaries ORDER BY stream_id");
        await using var reader = await command.ExecuteReaderAsync();
        var rows = new List<string>();
        while (await reader.ReadAsync())
        {
            rows.Add($"{reader.GetString(0)}|{reader.GetInt64(1)}|{reader.GetString(2)}|{reader.GetFieldValue<DateTimeOffset>(3):O}|{reader.GetFieldValue<DateTimeOffset>(4):O}|{reader.GetGuid(5)}");
        }

        return rows;
    }
}
