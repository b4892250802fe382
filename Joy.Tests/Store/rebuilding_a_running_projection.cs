using Joy.Application.EventStore;
using Microsoft.Extensions.DependencyInjection;

namespace Joy.Tests.Store;

public class rebuilding_a_running_projection(AsyncSummaryFixture fixture) : IClassFixture<AsyncSummaryFixture>
{
    [Fact]
    public async Task a_rebuild_while_the_projection_runs_is_caught_up_again()
    {
        var projection = fixture.Services.GetRequiredService<StreamSummaryProjection>();
        var last = (await fixture.Store.AppendAsync("running-1", ExpectedVersion.Any, TestEvents.Increments(1, 2, 3, 4, 5))).LastPosition;
        await fixture.WaitForProjectionAsync(projection.Name, last);

        var rebuild = fixture.Admin.RebuildAsync(projection);
        last = (await fixture.Store.AppendAsync("running-2", ExpectedVersion.Any, TestEvents.Increments(6))).LastPosition;
        await rebuild;
        await fixture.WaitForProjectionAsync(projection.Name, last);

        (await rebuilding_a_projection.ReadModelAsync(fixture)).ShouldContain(row => row.StartsWith("running-1|5|", StringComparison.Ordinal));
        (await rebuilding_a_projection.ReadModelAsync(fixture)).ShouldContain(row => row.StartsWith("running-2|1|", StringComparison.Ordinal));
    }
}
