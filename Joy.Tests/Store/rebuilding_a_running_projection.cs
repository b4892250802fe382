using Joy.Application.EventStore;
using Joy.Application.Projections;
using Microsoft.Extensions.DependencyInjection;

namespace Joy.Tests.Store;

public class rebuilding_a_running_projection(StoreFixture fixture) : IClassFixture<StoreFixture>
{
    [Fact]
    public async Task a_rebuild_while_the_projection_runs_is_caught_up_again()
    {
        var projection = new StreamSummaryProjection(fixture.Options);
        using var stop = new CancellationTokenSource();
        var runner = fixture.Runner(ProjectionBatchProcessor.Create(fixture.Services, projection), batchSize: 3).RunAsync(stop.Token);
        var last = (await fixture.Store.AppendAsync("running-1", "counter", ExpectedVersion.Any, TestEvents.Increments(1, 2, 3, 4, 5))).LastPosition;
        await fixture.WaitForCheckpointAsync(projection.Name, last);

        await fixture.Services.GetRequiredService<ProjectionRebuilder>().RebuildAsync(projection);
        last = (await fixture.Store.AppendAsync("running-2", "counter", ExpectedVersion.Any, TestEvents.Increments(6))).LastPosition;
        await fixture.WaitForCheckpointAsync(projection.Name, last);
        await stop.CancelAsync();
        await runner;

        (await rebuilding_a_projection.ReadModelAsync(fixture)).ShouldContain(row => row.StartsWith("running-1|5|", StringComparison.Ordinal));
        (await rebuilding_a_projection.ReadModelAsync(fixture)).ShouldContain(row => row.StartsWith("running-2|1|", StringComparison.Ordinal));
    }
}
