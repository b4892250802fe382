using Joy.Application.EventStore;

namespace Joy.Tests.Store;

public class folding_a_stream(StoreFixture fixture) : IClassFixture<StoreFixture>
{
    private sealed record Counter(string Name, int Total, int Changes);

    private static Counter Evolve(Counter state, object @event) => @event switch
    {
        CounterIncremented e => state with { Total = state.Total + e.Amount, Changes = state.Changes + 1 },
        CounterRenamed e => state with { Name = e.Name, Changes = state.Changes + 1 },
        _ => state,
    };

    private async Task<string> SeedAsync()
    {
        var stream = $"fold-{Guid.NewGuid():N}";
        await fixture.Store.AppendAsync(stream, ExpectedVersion.NoStream, TestEvents.Increments(1, 2, 3));
        await fixture.Store.AppendAsync(stream, ExpectedVersion.Exact(3), [new CounterRenamed("renamed")]);
        await fixture.Store.AppendAsync(stream, ExpectedVersion.Exact(4), TestEvents.Increments(10, 20));
        return stream;
    }

    [Fact]
    public async Task gives_the_state_as_of_any_version()
    {
        var stream = await SeedAsync();
        var initial = new Counter("new", 0, 0);

        var atTwo = await fixture.Store.AggregateStreamAsync(stream, Evolve, initial, atVersion: 2);
        var atFour = await fixture.Store.AggregateStreamAsync(stream, Evolve, initial, atVersion: 4);
        var now = await fixture.Store.AggregateStreamAsync(stream, Evolve, initial);

        atTwo.ShouldBe(new FoldedStream<Counter>(new Counter("new", 3, 2), 2));
        atFour.ShouldBe(new FoldedStream<Counter>(new Counter("renamed", 6, 4), 4));
        now.ShouldBe(new FoldedStream<Counter>(new Counter("renamed", 36, 6), 6));
    }

    [Fact]
    public async Task a_missing_stream_folds_to_the_initial_state_at_version_zero()
    {
        var folded = await fixture.Store.AggregateStreamAsync($"fold-{Guid.NewGuid():N}", Evolve, new Counter("new", 0, 0));
        folded.ShouldBe(new FoldedStream<Counter>(new Counter("new", 0, 0), 0));
    }

    [Fact]
    public async Task reading_a_range_returns_those_versions_with_their_metadata()
    {
        var stream = $"fold-{Guid.NewGuid():N}";
        var metadata = new EventMetadata("corr-1", "cmd-7", "alice", new Dictionary<string, string> { ["source"] = "test" });
        await fixture.Store.AppendAsync(stream, ExpectedVersion.NoStream, TestEvents.Increments(1, 2, 3, 4, 5), metadata);

        var slice = await fixture.Store.ReadStreamAsync(stream, fromVersion: 2, toVersion: 4);

        slice.Select(e => e.Version).ShouldBe([2L, 3L, 4L]);
        slice.Select(e => e.Data).ShouldBe(new object[] { new CounterIncremented(2), new CounterIncremented(3), new CounterIncremented(4) });
        slice.ShouldAllBe(e => e.Type == "test.counter-incremented" && e.StreamId == stream);
        slice[0].Metadata.CorrelationId.ShouldBe("corr-1");
        slice[0].Metadata.CausationId.ShouldBe("cmd-7");
        slice[0].Metadata.Actor.ShouldBe("alice");
        slice[0].Metadata.Headers!["source"].ShouldBe("test");
    }
}
