using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using JasperFx.Events;
using Joy.Application.Schedules;
using Joy.Domain.Schedules;
using Joy.Tests.Store;
using Marten;
using Microsoft.Extensions.DependencyInjection;

namespace Joy.Tests.Schedules;

/// <summary>
/// A schedule's folded state is an inline snapshot: Marten stores <see cref="FoldedSchedule"/> in the transaction of
/// each append, and <c>FetchForWriting</c> loads that document instead of replaying the stream.
/// </summary>
public sealed class storing_the_schedule_snapshot(ScheduleHost host) : IClassFixture<ScheduleHost>
{
    private IDocumentStore Store => host.Services.GetRequiredService<IDocumentStore>();

    [Fact]
    public async Task after_cron_fires_the_stored_snapshot_is_at_the_streams_version_and_equals_the_fold_of_its_events()
    {
        await ScheduleHost.PutAsync(host.Client, "snapshotted", "* * * * * *", extra: new JsonObject
        {
            ["overlap"] = "Allow",
            ["timeZone"] = "Europe/Berlin",
            ["input"] = new JsonObject { ["n"] = 1, ["list"] = new JsonArray(1, "two", null), ["nested"] = new JsonObject { ["at"] = "x" } },
            ["parameters"] = new JsonObject { ["p"] = "v", ["q"] = 2 },
            ["priority"] = 3,
        });
        await ScheduleHost.PostAsync(host.Client, "snapshotted", "trigger");
        await Eventually.TrueAsync(async () => (await host.FiresAsync("snapshotted")).Count(f => f.Kind == "Cron") >= 3,
            TimeSpan.FromSeconds(30), "three cron fires");
        await ScheduleHost.PostAsync(host.Client, "snapshotted", "pause");

        var id = ScheduleService.StreamId("snapshotted");
        await using var session = Store.QuerySession();
        var stored = await session.LoadAsync<FoldedSchedule>(id);
        var stream = await session.Events.FetchStreamStateAsync(id);
        var events = await session.Events.FetchStreamAsync(id);
        var folded = events.Select(e => e.Data).OfType<ScheduleEvent>().Aggregate(ScheduleState.Initial, ScheduleState.Evolve);

        stored.ShouldNotBeNull();
        stored.Id.ShouldBe(id);
        events.Count.ShouldBeGreaterThanOrEqualTo(6); // defined, the trigger, three cron fires, paused
        stored.State.Version.ShouldBe((int)stream!.Version);
        stored.State.Version.ShouldBe(events.Count);
        ShouldBeSame(stored.State, folded);
        stored.State.Current!.Paused.ShouldBeTrue();
        stored.State.Current.Input!["list"]!.AsArray().Count.ShouldBe(3);
        stored.State.Current.Parameters!["q"]!.GetValue<int>().ShouldBe(2);
        stored.State.LastInstanceId.ShouldNotBeNull();

        // Marten's own live fold of the stream (the projection's Evolve) agrees with the stored document.
        var live = await session.Events.AggregateStreamAsync<FoldedSchedule>(id);
        ShouldBeSame(stored.State, live!.State);
    }

    [Fact]
    public async Task fetch_for_writing_loads_the_stored_document_rather_than_replaying_the_stream()
    {
        await ScheduleHost.PutAsync(host.Client, "loaded", "0 0 1 1 *", extra: new JsonObject { ["paused"] = true, ["overlap"] = "Allow" });
        await ScheduleHost.PostAsync(host.Client, "loaded", "trigger");
        var id = ScheduleService.StreamId("loaded");

        await using (var session = Store.LightweightSession())
        {
            var fetched = await session.Events.FetchForWriting<FoldedSchedule>(id);
            fetched.CurrentVersion.ShouldBe(2);
            fetched.Aggregate!.State.Version.ShouldBe(2);

            // A document that no replay of the stream could give: only a fetch that loads it sees the mark.
            var stored = (await session.LoadAsync<FoldedSchedule>(id))!;
            session.Store(stored with { State = stored.State with { Current = stored.State.Current! with { Priority = 42 } } });
            await session.SaveChangesAsync();
        }

        await using (var session = Store.LightweightSession())
        {
            var fetched = await session.Events.FetchForWriting<FoldedSchedule>(id);
            fetched.Aggregate!.State.Current!.Priority.ShouldBe(42);
        }

        // The next decision is made on the document, and its append stores the document again.
        await ScheduleHost.PostAsync(host.Client, "loaded", "resume");
        await using (var session = Store.QuerySession())
        {
            var stored = (await session.LoadAsync<FoldedSchedule>(id))!;
            stored.State.Version.ShouldBe(3);
            stored.State.Current!.Paused.ShouldBeFalse();
            stored.State.Current.Priority.ShouldBe(42);
        }
    }

    [Fact]
    public async Task a_deleted_schedule_keeps_its_snapshot_and_can_be_defined_again()
    {
        await ScheduleHost.PutAsync(host.Client, "reborn", "0 0 1 1 *", extra: new JsonObject { ["paused"] = true });
        (await host.Client.DeleteAsync($"{ScheduleHost.Route}/reborn")).StatusCode.ShouldBe(HttpStatusCode.NoContent);
        var id = ScheduleService.StreamId("reborn");

        await using (var session = Store.QuerySession())
        {
            var stored = (await session.LoadAsync<FoldedSchedule>(id))!;
            stored.State.Exists.ShouldBeFalse();
            stored.State.Version.ShouldBe(2);
            (await session.Events.FetchStreamStateAsync(id))!.IsArchived.ShouldBeFalse();
        }

        (await host.Client.GetAsync($"{ScheduleHost.Route}/reborn")).StatusCode.ShouldBe(HttpStatusCode.NotFound);
        var again = await ScheduleHost.PutAsync(host.Client, "reborn", "0 0 2 1 *", extra: new JsonObject { ["paused"] = true });
        again["version"]!.GetValue<int>().ShouldBe(3);

        await using (var session = Store.QuerySession())
        {
            var stored = (await session.LoadAsync<FoldedSchedule>(id))!;
            stored.State.Version.ShouldBe(3);
            stored.State.Current!.Cron.ShouldBe("0 0 2 1 *");
        }
    }

    [Fact]
    public void a_snapshot_round_trips_through_the_stores_serializer()
    {
        var at = new DateTimeOffset(2026, 3, 29, 1, 30, 15, 123, TimeSpan.FromHours(2)).AddTicks(4567);
        var state = new ScheduleState(
            new ScheduleDefinition("round", "*/5 * * * * *", "pass", "Europe/Berlin",
                new JsonObject { ["a"] = new JsonArray(1, "b", null, new JsonObject { ["c"] = true }), ["d"] = 1.5 },
                [new ScheduleBlob("blob-1", "in.txt", "t"), new ScheduleBlob("blob-2", "other", null)],
                new JsonObject { ["p"] = "v", ["n"] = new JsonObject { ["deep"] = 2 } },
                7, OverlapPolicy.BufferOne, 120, Paused: true),
            17, at, "instance-9", at.AddSeconds(5));
        var snapshot = new FoldedSchedule("schedule-round", state);
        var serializer = Store.Options.Serializer();

        var json = serializer.ToJson(snapshot);
        var read = serializer.FromJson<FoldedSchedule>(new MemoryStream(System.Text.Encoding.UTF8.GetBytes(json)));

        read.Id.ShouldBe(snapshot.Id);
        ShouldBeSame(read.State, state);
        read.State.Cursor!.Value.Offset.ShouldBe(at.Offset);
        read.State.Cursor.Value.Ticks.ShouldBe(at.Ticks);
        read.State.BufferedTick.ShouldBe(at.AddSeconds(5));
        read.State.Current!.InitialBlobs.ShouldBe(state.Current!.InitialBlobs);
        (read.State.Current with { Input = null, Parameters = null, InitialBlobs = null })
            .ShouldBe(state.Current with { Input = null, Parameters = null, InitialBlobs = null });
        JsonNode.DeepEquals(read.State.Current.Input, state.Current.Input).ShouldBeTrue();
        JsonNode.DeepEquals(read.State.Current.Parameters, state.Current.Parameters).ShouldBeTrue();
        json.ShouldContain("\"state\":");
    }

    /// <summary>Equal as states: records compare their JSON nodes and lists by reference, so those are compared by content.</summary>
    private static void ShouldBeSame(ScheduleState actual, ScheduleState expected)
    {
        (actual with { Current = null }).ShouldBe(expected with { Current = null });
        (actual.Current is null).ShouldBe(expected.Current is null);
        if (actual.Current is { } a && expected.Current is { } e)
        {
            (a with { Input = null, Parameters = null, InitialBlobs = null }).ShouldBe(e with { Input = null, Parameters = null, InitialBlobs = null });
            JsonNode.DeepEquals(a.Input, e.Input).ShouldBeTrue();
            JsonNode.DeepEquals(a.Parameters, e.Parameters).ShouldBeTrue();
            (a.InitialBlobs ?? []).ShouldBe(e.InitialBlobs ?? []);
        }
    }
}
