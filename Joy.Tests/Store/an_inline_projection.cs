using Joy.Application.EventStore;
using Joy.Application.Projections;
using Microsoft.Extensions.DependencyInjection;
using Npgsql;

namespace Joy.Tests.Store;

public class an_inline_projection(InlineSummaryFixture fixture) : IClassFixture<InlineSummaryFixture>
{
    [Fact]
    public async Task is_up_to_date_when_the_append_returns()
    {
        var store = fixture.Store;
        var stream = $"inline-{Guid.NewGuid():N}";
        await store.AppendAsync(stream, ExpectedVersion.NoStream, TestEvents.Increments(1, 2));
        await store.AppendAsync(stream, ExpectedVersion.Exact(2), [new CounterRenamed("x")]);

        (await rebuilding_a_projection.ReadModelAsync(fixture)).ShouldContain(row => row.StartsWith($"{stream}|3|test.counter-renamed|", StringComparison.Ordinal));
    }

    [Fact]
    public async Task that_fails_rolls_the_append_back()
    {
        var store = fixture.Store;
        var stream = $"{InlineSummaryFixture.RefusedPrefix}{Guid.NewGuid():N}";

        await Should.ThrowAsync<InvalidOperationException>(() =>
            store.AppendAsync(stream, ExpectedVersion.NoStream, TestEvents.Increments(1)));

        (await fixture.Store.GetStreamAsync(stream)).ShouldBeNull();
        (await fixture.Store.ReadStreamAsync(stream, includeArchived: true)).ShouldBeEmpty();
        (await rebuilding_a_projection.ReadModelAsync(fixture)).ShouldNotContain(row => row.StartsWith(stream, StringComparison.Ordinal));
    }

    [Fact]
    public async Task can_be_rebuilt_from_the_log()
    {
        var store = fixture.Store;
        for (var i = 0; i < 9; i++)
        {
            await store.AppendAsync($"inline-rebuild-{i % 4}", ExpectedVersion.Any,
                i % 2 == 0 ? TestEvents.Increments(i, i + 1) : [new CounterRenamed($"n{i}")]);
        }

        var live = await rebuilding_a_projection.ReadModelAsync(fixture);
        await using (var damage = fixture.DataSource.CreateCommand(
            $"UPDATE {fixture.Options.Schema}.stream_summaries SET version = 0, last_event_type = 'lost'"))
        {
            await damage.ExecuteNonQueryAsync();
        }

        await fixture.Services.GetRequiredService<ProjectionRebuilder>().RebuildInlineAsync(fixture.Services.GetRequiredService<StreamSummaryProjection>());

        (await rebuilding_a_projection.ReadModelAsync(fixture)).ShouldBe(live);
        live.ShouldContain(row => row.StartsWith("inline-rebuild-0|", StringComparison.Ordinal));
    }
}
