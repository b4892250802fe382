using Joy.Domain.Instances;
using Joy.Tests.Infrastructure;

namespace Joy.Tests.Reactors;

/// <summary>The outbox is rows: a pending retry survives a restart, a delivered callback is not sent again.</summary>
public sealed class callbacks_across_restarts(TestDatabase database) : IClassFixture<TestDatabase>
{
    private const string PassThrough = "{'StartAt': 'P', 'States': {'P': {'Type': 'Pass', 'End': true}}}";

    private static Dictionary<string, string?> Settings(CallbackServer server, string initialDelay = "00:00:00.100") => new()
    {
        ["Joy:Callbacks:AllowedHosts:0"] = server.Authority,
        ["Joy:Callbacks:InitialDelay"] = initialDelay,
    };

    [Fact]
    public async Task a_retry_pending_when_the_service_stops_is_made_by_the_next_one()
    {
        await using var server = await CallbackServer.StartAsync(500);
        string id;
        await using (var before = await ReactorHost.StartAsync(database.ConnectionString, Settings(server, initialDelay: "00:00:02")))
        {
            id = await before.StartAsync(PassThrough, new InstanceOptions(CallbackHost: server.Url()));
            await before.Store.UntilAsync(id, events => events.OfType<CallbackFailed>().Any(), "the first attempt to fail");
        }

        await using var after = await ReactorHost.StartAsync(database.ConnectionString, Settings(server));

        await after.Store.UntilAsync(id, events => events.OfType<CallbackDelivered>().Any(), "the retry after the restart");
        (await after.Store.EventsAsync(id)).OfType<CallbackDelivered>().Single().Attempt.ShouldBe(2);
        server.Requests.Count.ShouldBe(2);
    }

    [Fact]
    public async Task a_delivered_callback_is_not_sent_again_after_a_restart()
    {
        await using var server = await CallbackServer.StartAsync();
        string first;
        await using (var before = await ReactorHost.StartAsync(database.ConnectionString, Settings(server)))
        {
            first = await before.StartAsync(PassThrough, new InstanceOptions(CallbackHost: server.Url()));
            await before.Store.UntilAsync(first, events => events.OfType<CallbackDelivered>().Any(), "the first callback");
        }

        await using var after = await ReactorHost.StartAsync(database.ConnectionString, Settings(server));
        var marker = await after.StartAsync(PassThrough, new InstanceOptions(CallbackHost: server.Url()));

        await after.Store.UntilAsync(marker, events => events.OfType<CallbackDelivered>().Any(), "the marker's callback");
        server.Requests.Select(r => r.Body!["id"]!.GetValue<string>()).ShouldBe([first, marker]);
    }
}
