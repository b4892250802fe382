using System.Text.Json.Nodes;
using Joy.Application.Schedules;
using Joy.Domain.Schedules;
using Marten;
using Microsoft.Extensions.DependencyInjection;

namespace Joy.Tests.Schedules;

/// <summary>
/// A schedule stream written before the snapshot was stored inline has no <see cref="FoldedSchedule"/> document, which
/// <c>FetchForWriting</c> would take for no schedule; a start stores it (<see cref="ScheduleSnapshots"/>).
/// </summary>
public sealed class storing_snapshots_of_older_schedules(ScheduleHost host) : IClassFixture<ScheduleHost>
{
    [Fact]
    public async Task a_start_stores_the_missing_snapshot_of_a_schedule_stream()
    {
        await ScheduleHost.PutAsync(host.Client, "older", "0 0 1 1 *", extra: new JsonObject { ["paused"] = true, ["overlap"] = "Allow" });
        await ScheduleHost.PostAsync(host.Client, "older", "trigger");
        var id = ScheduleService.StreamId("older");
        await using (var session = host.Services.GetRequiredService<IDocumentStore>().LightweightSession())
        {
            session.Delete<FoldedSchedule>(id);
            await session.SaveChangesAsync();
            (await session.Events.FetchForWriting<FoldedSchedule>(id)).Aggregate.ShouldBeNull();
        }

        await host.StopHostsAsync();
        var restarted = await host.StartHostAsync();

        await using var query = restarted.Services.GetRequiredService<IDocumentStore>().QuerySession();
        var stored = await query.LoadAsync<FoldedSchedule>(id);
        stored.ShouldNotBeNull();
        stored.State.Version.ShouldBe(2);
        stored.State.Current!.Cron.ShouldBe("0 0 1 1 *");
        stored.State.LastInstanceId.ShouldNotBeNull();
        var folded = (await query.Events.FetchStreamAsync(id)).Select(e => e.Data).OfType<ScheduleEvent>()
            .Aggregate(ScheduleState.Initial, ScheduleState.Evolve);
        (stored.State with { Current = null }).ShouldBe(folded with { Current = null });
    }
}
