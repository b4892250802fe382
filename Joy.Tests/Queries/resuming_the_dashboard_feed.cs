using System.Text.Json.Nodes;
using Joy.Tests.Infrastructure;
using Microsoft.Playwright;

namespace Joy.Tests.Queries;

/// <summary>
/// The dashboard's live feed is read over fetch (EventSource cannot send the key): the first connection asks for what
/// happens from now on, a dropped stream is resumed after the last event the page saw (Last-Event-ID), and the key
/// travels in the Authorization header only.
/// </summary>
public sealed class resuming_the_dashboard_feed(KestrelQueryApi api) : IClassFixture<KestrelQueryApi>
{
    [Fact]
    public async Task a_dropped_stream_resumes_after_the_last_event_seen_and_shows_what_happened_meanwhile()
    {
        var (id, started) = await api.StartAsync($"resume-{Guid.NewGuid():N}"[..16]);
        var seen = (await api.AllPositionsAsync($"instance={id}")).Last();
        var canned = $"canned-{Guid.NewGuid():N}"[..16];
        var connections = new List<(string Url, Dictionary<string, string> Headers)>();
        var loaded = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        await using var browser = await Browser.LaunchAsync();
        var page = await browser.Context.NewPageAsync();
        await page.RouteAsync("**/api/v1/events/stream**", async route =>
        {
            connections.Add((route.Request.Url, await route.Request.AllHeadersAsync()));
            if (connections.Count == 1)
            {
                await loaded.Task; // after the first page of instances, which would replace a row the feed made before it
                // The first connection gets one event (CRLF lines, its JSON over two data lines, comments around it) whose
                // id is the instance's last event so far, then the stream ends.
                var data = new JsonObject
                {
                    ["position"] = seen, ["instanceId"] = canned, ["type"] = "instance.started.v1", ["time"] = DateTimeOffset.UtcNow,
                    ["data"] = new JsonObject { ["stateMachineName"] = "canned" },
                }.ToJsonString().Replace(",\"type\"", ",\n\"type\"", StringComparison.Ordinal).Split('\n');
                await route.FulfillAsync(new RouteFulfillOptions
                {
                    Status = 200,
                    ContentType = "text/event-stream",
                    Body = $"retry: 300\r\n: connected\r\n\r\nid: {seen}\r\nevent: instance.started.v1\r\ndata: {data[0]}\r\ndata:{data[1]}\r\n\r\n: bye\r\n",
                });
                return;
            }

            if (connections.Count == 2)
            {
                // While the page is away the instance finishes: only a resumption from the last event seen shows it.
                await api.CompleteAllAsync(id, started);
            }

            await route.ContinueAsync();
        });
        await page.GotoAsync(api.BaseAddress!.ToString());
        await Browser.SignInAsync(page, TestEnvironment.AdminKey);
        await page.WaitForSelectorAsync("body[data-ready=true]");
        loaded.SetResult();

        await Assertions.Expect(page.Locator($"#instances tr[data-id='{canned}']")).ToContainTextAsync("canned");
        await Assertions.Expect(page.Locator($"#instances tr[data-id='{id}'] .status")).ToHaveTextAsync("Succeeded", new() { Timeout = 15_000 });
        await Assertions.Expect(page.Locator("#feed-status.live")).ToBeVisibleAsync();

        var (firstUrl, first) = connections[0];
        firstUrl.ShouldEndWith("/api/v1/events/stream?after=end");
        first.ShouldNotContainKey("last-event-id");
        var (secondUrl, second) = connections[1];
        second["last-event-id"].ShouldBe(seen);
        foreach (var (url, headers) in connections)
        {
            headers["authorization"].ShouldBe($"Bearer {TestEnvironment.AdminKey}");
            url.ShouldNotContain(TestEnvironment.AdminKey);
        }

        secondUrl.ShouldBe(firstUrl);
    }
}
