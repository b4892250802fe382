using System.Collections.Concurrent;
using System.Net;
using System.Text;
using Joy.Application.EventStore;
using Joy.Tests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;

namespace Joy.Tests.Instances;

/// <summary>
/// A service SIGKILLed while clients define actors as fast as they can (each a new stream and an
/// inline read-model row in one append). Afterwards every append it acknowledged is there, none is
/// there twice, what it did not acknowledge is either wholly there or not at all, and the global
/// log reads each event once.
/// </summary>
public sealed class killing_the_service_during_appends(ApiOnlyInstanceHost host) : IClassFixture<ApiOnlyInstanceHost>
{
    [Fact]
    public async Task loses_nothing_committed_and_duplicates_nothing()
    {
        var service = await ServiceProcess.StartAsync(host);
        using var client = new HttpClient { BaseAddress = service.Address }.Authorized();
        var acknowledged = new ConcurrentBag<string>();
        var attempted = new ConcurrentBag<string>();
        using var stop = new CancellationTokenSource();
        var writers = Enumerable.Range(0, 4).Select(w => Task.Run(async () =>
        {
            for (var i = 0; !stop.IsCancellationRequested; i++)
            {
                var name = $"sigkill-{w}-{i}";
                attempted.Add(name);
                try
                {
                    using var response = await client.PutAsync("/api/v1/Actor",
                        new StringContent($$"""{"name": "{{name}}", "command": ["true"]}""", Encoding.UTF8, "application/json"));
                    if (response.IsSuccessStatusCode)
                    {
                        acknowledged.Add(name);
                    }
                }
                catch (HttpRequestException)
                {
                    return; // the service is gone
                }
            }
        })).ToList();

        await Store.Eventually.TrueAsync(() => acknowledged.Count >= 40, TimeSpan.FromSeconds(60), "some appends to be acknowledged");
        await service.KillAsync();
        await stop.CancelAsync();
        await Task.WhenAll(writers);
        await service.DisposeAsync();

        await using var second = await ServiceProcess.StartAsync(host);
        using var after = new HttpClient { BaseAddress = second.Address }.Authorized();
        foreach (var name in acknowledged)
        {
            (await after.GetAsync($"/api/v1/Actor/{name}")).StatusCode.ShouldBe(HttpStatusCode.OK, name);
        }

        // One event per stream, and the read model holds exactly the streams the log holds.
        var perStream = await host.QueryAsync("""
            SELECT count(*) FROM joy.mt_events WHERE stream_id LIKE 'actor-sigkill-%' GROUP BY stream_id HAVING count(*) <> 1
            """);
        perStream.ShouldBeEmpty();
        var streams = (await host.QueryAsync("SELECT stream_id FROM joy.mt_events WHERE stream_id LIKE 'actor-sigkill-%'"))
            .Select(s => ((string)s!)["actor-".Length..]).ToHashSet();
        var rows = (await host.QueryAsync("SELECT name FROM joy.actors WHERE name LIKE 'sigkill-%'")).Select(s => (string)s!).ToHashSet();
        rows.ShouldBe(streams, ignoreOrder: true);
        streams.ShouldBeSubsetOf(attempted);
        acknowledged.ShouldBeSubsetOf(streams);

        // The global log, read from the start, gives each of them once.
        var store = (await host.StartHostAsync()).Services.GetRequiredService<IEventStore>();
        var logged = new List<StoredEvent>();
        await Store.Eventually.TrueAsync(async () =>
        {
            logged.Clear();
            var page = await store.ReadAllAsync(GlobalPosition.Start, 1000);
            while (page.Events.Count > 0)
            {
                logged.AddRange(page.Events);
                page = await store.ReadAllAsync(page.Next, 1000);
            }

            return logged.Count(e => e.StreamId.StartsWith("actor-sigkill-", StringComparison.Ordinal)) >= streams.Count;
        }, TimeSpan.FromSeconds(30), "the log to reach every stored append");
        var ours = logged.Where(e => e.StreamId.StartsWith("actor-sigkill-", StringComparison.Ordinal)).ToList();
        ours.Select(e => e.Id).Distinct().Count().ShouldBe(ours.Count);
        ours.Count.ShouldBe(streams.Count);
    }
}
