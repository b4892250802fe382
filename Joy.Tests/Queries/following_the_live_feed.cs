using System.Text.Json;

namespace Joy.Tests.Queries;

/// <summary>
/// GET /api/v1/events/stream: Server-Sent Events of the global log. A client that disconnects and
/// comes back with Last-Event-ID misses nothing and sees nothing twice.
/// </summary>
public sealed class following_the_live_feed(QueryApi api) : IClassFixture<QueryApi>
{
    [Fact]
    public async Task a_client_that_reconnects_with_last_event_id_continues_exactly_where_it_left_off()
    {
        var machine = $"sse-{Guid.NewGuid():N}";
        using var http = api.CreateClient();
        var url = $"/api/v1/events/stream?stateMachine={machine}";
        var seen = new List<SseEvent>();
        string a;

        await using (var first = await SseClient.ConnectAsync(http, url))
        {
            (a, var started) = await api.StartAsync(machine, QueryApi.TwoTasks);
            await api.CompleteAllAsync(a, started);
            for (var i = 0; i < 4; i++)
            {
                seen.Add(await first.NextAsync()); // read a few, then drop the connection mid-stream
            }
        }

        // While disconnected: another instance of the machine, and one of another machine.
        var (b, startedB) = await api.StartAsync(machine);
        await api.CompleteAllAsync(b, startedB);
        await api.StartAsync($"other-{Guid.NewGuid():N}");

        var expected = await api.AllPositionsAsync($"stateMachine={machine}");
        await using (var second = await SseClient.ConnectAsync(http, url, lastEventId: seen[^1].Id))
        {
            while (seen.Count < expected.Count)
            {
                seen.Add(await second.NextAsync());
            }

            // Appended while connected: arrives live, after everything before it.
            var (c, _) = await api.StartAsync(machine);
            var live = await second.NextAsync();
            live.Event.ShouldBe("instance.started.v1");
            JsonDocument.Parse(live.Data).RootElement.GetProperty("instanceId").GetString().ShouldBe(c);
        }

        seen.Select(e => e.Id).ShouldBe(expected);
        seen.Select(e => JsonDocument.Parse(e.Data).RootElement.GetProperty("instanceId").GetString()).Distinct()
            .ShouldBe([a, b], ignoreOrder: true);
    }

    [Fact]
    public async Task the_after_query_resumes_like_last_event_id_and_filters_by_instance_and_type()
    {
        var (id, started) = await api.StartAsync($"sse-{Guid.NewGuid():N}", QueryApi.TwoTasks);
        await api.CompleteAllAsync(id, started);
        var all = await api.AllEventsAsync($"instance={id}");
        var firstRunRequest = all.First(e => e.GetProperty("type").GetString() == "instance.actor-run-requested.v1");

        using var http = api.CreateClient();
        await using var sse = await SseClient.ConnectAsync(http,
            $"/api/v1/events/stream?instance={id}&type=instance.actor-run-requested.v1,instance.succeeded.v1&after={firstRunRequest.GetProperty("position").GetString()}");

        var second = await sse.NextAsync();
        var done = await sse.NextAsync();
        second.Event.ShouldBe("instance.actor-run-requested.v1");
        JsonDocument.Parse(second.Data).RootElement.GetProperty("data").GetProperty("path").GetString().ShouldBe("Run");
        done.Event.ShouldBe("instance.succeeded.v1");
    }

    [Fact]
    public async Task an_idle_stream_gets_keep_alive_comments()
    {
        using var http = api.CreateClient();
        await using var sse = await SseClient.ConnectAsync(http, $"/api/v1/events/stream?instance=idle-{Guid.NewGuid():N}");

        // ": connected" plus two keep-alives at the test's 300 ms interval.
        await sse.WaitForCommentsAsync(3, TimeSpan.FromSeconds(5));
        sse.Comments.ShouldBeGreaterThanOrEqualTo(3);
    }

    [Fact]
    public async Task a_bad_last_event_id_is_400()
    {
        using var http = api.CreateClient();
        var request = new HttpRequestMessage(HttpMethod.Get, "/api/v1/events/stream");
        request.Headers.Add("Last-Event-ID", "not-a-position");
        var response = await http.SendAsync(request);
        response.StatusCode.ShouldBe(System.Net.HttpStatusCode.BadRequest);
        (await response.Content.ReadAsStringAsync()).ShouldContain("Last-Event-ID");
    }
}
