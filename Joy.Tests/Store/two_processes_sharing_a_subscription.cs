using Joy.Application.EventStore;
using Joy.Tests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;

namespace Joy.Tests.Store;

/// <summary>
/// Two service processes on one database, each with the same subscription: Wolverine's leader
/// assigns it to one of them at a time (it may move it to spread the work; a move saves the
/// progress first), so every event is handled once; when the process running it stops, the other
/// takes it over within seconds and goes on from where the first left off.
/// </summary>
public class two_processes_sharing_a_subscription(TestDatabase database) : IClassFixture<TestDatabase>
{
    [Fact]
    public async Task handle_each_event_once_and_hand_over_when_the_leader_stops()
    {
        var handlers = new[] { new RecordingHandler("shared"), new RecordingHandler("shared") };
        var hosts = new List<IHost>();
        foreach (var handler in handlers)
        {
            hosts.Add(await StoreFixture.StartHostAsync(database.ConnectionString,
                services => services.AddDaemonSubscription(handler)));
        }

        try
        {
            var store = hosts[0].Services.GetRequiredService<IEventStore>();
            var first = await AppendAsync(store, "before", 30);
            await Eventually.TrueAsync(() => Received().Count >= first.Count, TimeSpan.FromSeconds(30), "the first events to be handled");
            Received().ShouldBe(first); // each once (never by both processes), in order
            var leader = handlers[0].Received.Any(e => e.Id == first[^1]) ? 0 : 1; // the one running it now

            await hosts[leader].StopAsync();
            var second = await AppendAsync(hosts[1 - leader].Services.GetRequiredService<IEventStore>(), "after", 30);
            await Eventually.TrueAsync(() => handlers[1 - leader].Received.Any(e => second.Contains(e.Id)), TimeSpan.FromSeconds(15),
                "the other process to take the subscription over");
            await Eventually.TrueAsync(() => second.All(id => Received().Contains(id)), TimeSpan.FromSeconds(30), "every later event to be handled");

            // Nothing lost; a graceful stop saved its progress, so nothing was handled twice either.
            Received().ShouldBe([.. first, .. second]);
        }
        finally
        {
            foreach (var host in hosts)
            {
                await host.StopAsync();
                host.Dispose();
            }
        }

        List<Guid> Received() => handlers.SelectMany(h => h.Received).OrderBy(e => e.Sequence).Select(e => e.Id).ToList();
    }

    private static async Task<List<Guid>> AppendAsync(IEventStore store, string prefix, int count)
    {
        var ids = new List<Guid>();
        for (var i = 0; i < count; i++)
        {
            var e = new EventToAppend(new CounterIncremented(i));
            await store.AppendAsync($"{prefix}-{i % 3}", ExpectedVersion.Any, [e]);
            ids.Add(e.Id);
        }

        return ids;
    }
}
