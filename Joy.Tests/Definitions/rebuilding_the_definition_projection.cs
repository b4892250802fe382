using System.Net;
using Joy.Application.Definitions;
using Joy.Application.EventStore;
using Microsoft.Extensions.DependencyInjection;
using Npgsql;
using static Joy.Tests.Definitions.DefinitionsApi;

namespace Joy.Tests.Definitions;

/// <summary>The tables are a pure function of the log: replayed from zero, or twice, they come out the same.</summary>
public class rebuilding_the_definition_projection(DefinitionsApi api) : IClassFixture<DefinitionsApi>
{
    [Fact]
    public async Task gives_the_live_read_model_back_and_replaying_again_changes_nothing()
    {
        using var client = api.CreateClient();
        await ShouldBeAsync(await client.PutAsync("/api/v1/Actor", Actor("rb-a")), HttpStatusCode.Created);
        await ShouldBeAsync(await client.PatchAsync("/api/v1/Actor/rb-a", Json("{'script': 'echo two'}")), HttpStatusCode.OK);
        await ShouldBeAsync(await client.PutAsync("/api/v1/Actor", Actor("rb-b")), HttpStatusCode.Created);
        await ShouldBeAsync(await client.DeleteAsync("/api/v1/Actor/rb-b"), HttpStatusCode.NoContent);
        await ShouldBeAsync(await client.PutAsync("/api/v1/Actor", Actor("rb-b", "'command': ['true']")), HttpStatusCode.Created);
        await ShouldBeAsync(await client.PutAsync("/api/v1/StateMachine", StateMachine("rb-m", "rb-a")), HttpStatusCode.Created);
        await ShouldBeAsync(await client.PutAsync("/api/v1/StateMachine", StateMachine("rb-gone", "rb-b")), HttpStatusCode.Created);
        await ShouldBeAsync(await client.DeleteAsync("/api/v1/StateMachine/rb-gone"), HttpStatusCode.NoContent);
        var live = await SnapshotAsync();

        await ReplayAsync(reset: true);
        (await SnapshotAsync()).ShouldBe(live);
        await ReplayAsync(reset: false);
        (await SnapshotAsync()).ShouldBe(live);
    }

    private async Task ReplayAsync(bool reset)
    {
        var store = api.Services.GetRequiredService<IEventStore>();
        var projection = api.Services.GetServices<IInlineProjection>().OfType<DefinitionProjection>().Single();
        await using var connection = new NpgsqlConnection(api.ConnectionString);
        await connection.OpenAsync();
        await using var transaction = await connection.BeginTransactionAsync();
        if (reset)
        {
            await using var delete = new NpgsqlCommand(string.Concat(projection.Tables.Select(t => $"DELETE FROM {t};")), connection, transaction);
            await delete.ExecuteNonQueryAsync();
        }

        // Events above the daemon's high-water mark are held back for a moment: an empty page that
        // says so is not the end.
        var deadline = DateTime.UtcNow.AddSeconds(30);
        for (var position = GlobalPosition.Start; ;)
        {
            var page = await store.ReadAllAsync(position, maxCount: 3);
            if (page.Events.Count == 0)
            {
                if (!page.HeldBack)
                {
                    break;
                }

                DateTime.UtcNow.ShouldBeLessThan(deadline, "events stayed held back for 30 s");
                await Task.Delay(50);
                continue;
            }

            await projection.ApplyAsync(connection, transaction, page.Events, CancellationToken.None);
            position = page.Next;
        }

        await transaction.CommitAsync();
    }

    private async Task<string> SnapshotAsync()
    {
        await using var connection = new NpgsqlConnection(api.ConnectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(
            "SELECT json_build_array(" +
            "(SELECT json_agg(t ORDER BY name) FROM joy.actors t), (SELECT json_agg(t ORDER BY name, version) FROM joy.actor_versions t), " +
            "(SELECT json_agg(t ORDER BY name) FROM joy.state_machines t), (SELECT json_agg(t ORDER BY name, version) FROM joy.state_machine_versions t))::text",
            connection);
        var snapshot = (string)(await command.ExecuteScalarAsync())!;
        snapshot.ShouldContain("rb-gone");
        return snapshot;
    }
}
