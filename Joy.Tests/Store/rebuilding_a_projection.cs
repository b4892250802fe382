using Joy.Application.EventStore;
using Joy.Application.Projections;
using Microsoft.Extensions.DependencyInjection;

namespace Joy.Tests.Store;

public class rebuilding_a_projection(StoreFixture fixture) : IClassFixture<StoreFixture>
{
    [Fact]
    public async Task the_rebuilt_read_model_equals_the_live_one()
    {
        var projection = new StreamSummaryProjection(fixture.Options);
        var last = GlobalPosition.Start;
        using (var live = new CancellationTokenSource())
        {
            var runner = fixture.Runner(ProjectionBatchProcessor.Create(fixture.Services, projection), batchSize: 4).RunAsync(live.Token);
            for (var i = 0; i < 12; i++)
            {
                var events = i % 3 == 0
                    ? [new CounterRenamed($"name-{i}")]
                    : TestEvents.Increments(Enumerable.Range(0, i % 4 + 1).ToArray());
                last = (await fixture.Store.AppendAsync($"summary-{i % 5}", "counter", ExpectedVersion.Any, events)).LastPosition;
            }

            await fixture.WaitForCheckpointAsync(projection.Name, last);
            await live.CancelAsync();
            await runner;
        }

        var liveRows = await ReadModelAsync(fixture);
        liveRows.Count.ShouldBe(5);
        liveRows.ShouldContain(row => row.StartsWith("summary-0|", StringComparison.Ordinal));

        await fixture.Services.GetRequiredService<ProjectionRebuilder>().RebuildAsync(projection);
        (await ReadModelAsync(fixture)).ShouldBeEmpty();
        (await fixture.Checkpoints.LoadAsync(projection.Name)).ShouldBe(GlobalPosition.Start);

        using var rebuild = new CancellationTokenSource();
        var rebuilding = fixture.Runner(ProjectionBatchProcessor.Create(fixture.Services, projection), batchSize: 7).RunAsync(rebuild.Token);
        await fixture.WaitForCheckpointAsync(projection.Name, last);
        await rebuild.CancelAsync();
        await rebuilding;

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
