using Joy.Application.EventStore;

namespace Joy.Tests.Store;

public class appending_the_same_events_again(StoreFixture fixture) : IClassFixture<StoreFixture>
{
    private static string NewStream() => $"counter-{Guid.NewGuid():N}";

    private static EventToAppend[] Events(params int[] amounts) =>
        amounts.Select(a => new EventToAppend(new CounterIncremented(a))).ToArray();

    [Fact]
    public async Task a_retry_returns_the_original_positions_without_writing()
    {
        var stream = NewStream();
        await fixture.Store.AppendAsync(stream, ExpectedVersion.NoStream, Events(1));
        var request = Events(2, 3);

        var first = await fixture.Store.AppendAsync(stream, ExpectedVersion.Exact(1), request);
        var retry = await fixture.Store.AppendAsync(stream, ExpectedVersion.Exact(1), request);

        first.AlreadyAppended.ShouldBeFalse();
        retry.AlreadyAppended.ShouldBeTrue();
        retry.Version.ShouldBe(3);
        retry.Positions.ShouldBe(first.Positions);
        var stored = await fixture.Store.ReadStreamAsync(stream);
        stored.Count.ShouldBe(3);
        stored.Skip(1).Select(e => e.Id).ShouldBe(request.Select(e => e.Id));
    }

    [Fact]
    public async Task concurrent_retries_write_the_events_once()
    {
        var stream = NewStream();
        var request = Events(1, 2, 3);
        var results = await Task.WhenAll(Enumerable.Range(0, 6).Select(_ => Task.Run(() =>
            fixture.Store.AppendAsync(stream, ExpectedVersion.NoStream, request))));

        results.Count(r => !r.AlreadyAppended).ShouldBe(1);
        results.ShouldAllBe(r => r.Version == 3);
        (await fixture.Store.ReadStreamAsync(stream)).Count.ShouldBe(3);
    }

    [Fact]
    public async Task a_retry_after_other_appends_still_succeeds_once()
    {
        var stream = NewStream();
        var request = Events(1);
        await fixture.Store.AppendAsync(stream, ExpectedVersion.NoStream, request);
        await fixture.Store.AppendAsync(stream, ExpectedVersion.Exact(1), Events(2));

        var retry = await fixture.Store.AppendAsync(stream, ExpectedVersion.NoStream, request);

        retry.AlreadyAppended.ShouldBeTrue();
        retry.Version.ShouldBe(1);
        (await fixture.Store.ReadStreamAsync(stream)).Count.ShouldBe(2);
    }

    [Fact]
    public async Task reusing_an_id_in_a_different_append_is_refused()
    {
        var stream = NewStream();
        var request = Events(1, 2);
        await fixture.Store.AppendAsync(stream, ExpectedVersion.NoStream, request);

        await Should.ThrowAsync<DuplicateEventIdException>(() =>
            fixture.Store.AppendAsync(stream, ExpectedVersion.Any, [request[0], .. Events(3)]));
        await Should.ThrowAsync<DuplicateEventIdException>(() =>
            fixture.Store.AppendAsync(NewStream(), ExpectedVersion.NoStream, request));
        (await fixture.Store.ReadStreamAsync(stream)).Count.ShouldBe(2);
    }
}
