using Joy.Application.EventStore;

namespace Joy.Tests.Store;

public class appending_with_a_stale_version(StoreFixture fixture) : IClassFixture<StoreFixture>
{
    private static string NewStream() => $"counter-{Guid.NewGuid():N}";

    [Fact]
    public async Task exactly_one_of_two_concurrent_writers_wins()
    {
        for (var round = 0; round < 10; round++)
        {
            var stream = NewStream();
            await fixture.Store.AppendAsync(stream, ExpectedVersion.NoStream, TestEvents.Increments(1));

            var writers = Enumerable.Range(0, 2).Select(i => Task.Run(() =>
                fixture.Store.AppendAsync(stream, ExpectedVersion.Exact(1), TestEvents.Increments(10 + i))));
            var outcomes = await Task.WhenAll(writers.Select(async w =>
            {
                try
                {
                    return (Result: await w, Error: (WrongExpectedVersionException?)null);
                }
                catch (WrongExpectedVersionException e)
                {
                    return (Result: (AppendResult?)null, Error: e);
                }
            }));

            outcomes.Count(o => o.Result is not null).ShouldBe(1);
            var loser = outcomes.Single(o => o.Error is not null).Error!;
            loser.StreamId.ShouldBe(stream);
            loser.Expected.ShouldBe(ExpectedVersion.Exact(1));
            loser.ActualVersion.ShouldBe(2);
            (await fixture.Store.ReadStreamAsync(stream)).Count.ShouldBe(2);
        }
    }

    [Fact]
    public async Task no_stream_is_refused_once_the_stream_exists()
    {
        var stream = NewStream();
        var first = await fixture.Store.AppendAsync(stream, ExpectedVersion.NoStream, TestEvents.Increments(1, 2));
        first.Version.ShouldBe(2);

        var error = await Should.ThrowAsync<WrongExpectedVersionException>(() =>
            fixture.Store.AppendAsync(stream, ExpectedVersion.NoStream, TestEvents.Increments(3)));
        error.ActualVersion.ShouldBe(2);
        error.Expected.ShouldBe(ExpectedVersion.NoStream);
    }

    [Fact]
    public async Task exact_on_a_missing_stream_reports_version_zero()
    {
        var error = await Should.ThrowAsync<WrongExpectedVersionException>(() =>
            fixture.Store.AppendAsync(NewStream(), ExpectedVersion.Exact(3), TestEvents.Increments(1)));
        error.ActualVersion.ShouldBe(0);
    }

    [Fact]
    public async Task any_appends_after_whatever_is_there()
    {
        var stream = NewStream();
        (await fixture.Store.AppendAsync(stream, ExpectedVersion.Any, TestEvents.Increments(1))).Version.ShouldBe(1);
        (await fixture.Store.AppendAsync(stream, ExpectedVersion.Any, TestEvents.Increments(2, 3))).Version.ShouldBe(3);
        (await fixture.Store.AppendAsync(stream, ExpectedVersion.Exact(3), TestEvents.Increments(4))).Version.ShouldBe(4);
        var info = await fixture.Store.GetStreamAsync(stream);
        info.ShouldNotBeNull();
        info.Version.ShouldBe(4);
        info.IsArchived.ShouldBeFalse();
    }
}
