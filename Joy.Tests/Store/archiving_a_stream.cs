using Joy.Application.EventStore;

namespace Joy.Tests.Store;

public class archiving_a_stream(StoreFixture fixture) : IClassFixture<StoreFixture>
{
    [Fact]
    public async Task hides_it_from_live_reads_and_keeps_it_for_audit()
    {
        var archived = $"archived-{Guid.NewGuid():N}";
        var kept = $"kept-{Guid.NewGuid():N}";
        await fixture.Store.AppendAsync(archived, ExpectedVersion.NoStream, TestEvents.Increments(1, 2));
        await fixture.Store.AppendAsync(kept, ExpectedVersion.NoStream, TestEvents.Increments(3));

        (await fixture.Store.ArchiveStreamAsync(archived)).ShouldBeTrue();

        (await fixture.Store.GetStreamAsync(archived))!.IsArchived.ShouldBeTrue();
        (await fixture.Store.ReadStreamAsync(archived)).ShouldBeEmpty();
        (await fixture.Store.ReadStreamAsync(archived, includeArchived: true)).Count.ShouldBe(2);
        (await fixture.Store.AggregateStreamAsync(archived, (int total, object e) => total + ((CounterIncremented)e).Amount, 0)).State.ShouldBe(3);

        // Only this test's streams: other tests of the class write to the same log.
        async Task<List<StoredEvent>> ReadAllOfThisTest(bool includeArchived) =>
            (await fixture.Store.ReadAllAsync(GlobalPosition.Start, 1000, includeArchived)).Events
                .Where(e => e.StreamId == archived || e.StreamId == kept).ToList();
        await Eventually.TrueAsync(async () => (await ReadAllOfThisTest(true)).Count == 3, null, "the log to reach the last append");

        (await ReadAllOfThisTest(false)).Select(e => e.StreamId).ShouldBe([kept]);
        var all = await ReadAllOfThisTest(true);
        all.Count(e => e.StreamId == archived && e.IsArchived).ShouldBe(2);
        all.Count(e => e.StreamId == kept && !e.IsArchived).ShouldBe(1);
    }

    [Fact]
    public async Task refuses_further_appends()
    {
        var stream = $"archived-{Guid.NewGuid():N}";
        await fixture.Store.AppendAsync(stream, ExpectedVersion.NoStream, TestEvents.Increments(1));
        await fixture.Store.ArchiveStreamAsync(stream);

        var error = await Should.ThrowAsync<StreamArchivedException>(() =>
            fixture.Store.AppendAsync(stream, ExpectedVersion.Any, TestEvents.Increments(2)));
        error.StreamId.ShouldBe(stream);
        (await fixture.Store.ReadStreamAsync(stream, includeArchived: true)).Count.ShouldBe(1);
    }

    [Fact]
    public async Task a_missing_stream_is_reported_as_not_found()
    {
        (await fixture.Store.ArchiveStreamAsync($"missing-{Guid.NewGuid():N}")).ShouldBeFalse();
    }
}
