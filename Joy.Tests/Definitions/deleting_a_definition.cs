using System.Net;
using static Joy.Tests.Definitions.DefinitionsApi;

namespace Joy.Tests.Definitions;

public class deleting_a_definition(DefinitionsApi api) : IClassFixture<DefinitionsApi>
{
    [Fact]
    public async Task get_is_404_afterwards_but_its_versions_stay_readable()
    {
        using var client = api.CreateClient();
        await ShouldBeAsync(await client.PutAsync("/api/v1/Actor", Actor("del-one")), HttpStatusCode.Created);
        await ShouldBeAsync(await client.DeleteAsync("/api/v1/Actor/del-one"), HttpStatusCode.NoContent);

        await ShouldBeAsync(await client.GetAsync("/api/v1/Actor/del-one"), HttpStatusCode.NotFound);
        var old = await ShouldBeAsync(await client.GetAsync("/api/v1/Actor/del-one?version=1"), HttpStatusCode.OK);
        old.GetProperty("script").GetString().ShouldBe("echo hi");
        await ShouldBeAsync(await client.GetAsync("/api/v1/Actor/del-one?version=2"), HttpStatusCode.NotFound);
        await ShouldBeAsync(await client.DeleteAsync("/api/v1/Actor/del-one"), HttpStatusCode.NotFound);
        await ShouldBeAsync(await client.PatchAsync("/api/v1/Actor/del-one", Json("{'script': 'x'}")), HttpStatusCode.NotFound);
    }

    [Fact]
    public async Task a_name_defined_again_continues_its_history_with_a_new_creation_time()
    {
        using var client = api.CreateClient();
        await ShouldBeAsync(await client.PutAsync("/api/v1/Actor", Actor("del-again")), HttpStatusCode.Created);
        var first = await ShouldBeAsync(await client.GetAsync("/api/v1/Actor/del-again"), HttpStatusCode.OK);
        await ShouldBeAsync(await client.DeleteAsync("/api/v1/Actor/del-again"), HttpStatusCode.NoContent);
        await ShouldBeAsync(await client.PutAsync("/api/v1/Actor", Actor("del-again", "'command': ['true']")), HttpStatusCode.Created);

        var again = await ShouldBeAsync(await client.GetAsync("/api/v1/Actor/del-again"), HttpStatusCode.OK);
        again.GetProperty("version").GetInt32().ShouldBe(3);
        again.GetProperty("createdAt").GetDateTimeOffset().ShouldBeGreaterThan(first.GetProperty("createdAt").GetDateTimeOffset());
        (await ShouldBeAsync(await client.GetAsync("/api/v1/Actor/del-again?version=1"), HttpStatusCode.OK))
            .GetProperty("script").GetString().ShouldBe("echo hi");
    }

    [Fact]
    public async Task an_actor_a_state_machine_runs_is_409_listing_the_state_machines()
    {
        using var client = api.CreateClient();
        await ShouldBeAsync(await client.PutAsync("/api/v1/Actor", Actor("del-used")), HttpStatusCode.Created);
        await ShouldBeAsync(await client.PutAsync("/api/v1/StateMachine", StateMachine("del-user-b", "del-used")), HttpStatusCode.Created);
        await ShouldBeAsync(await client.PutAsync("/api/v1/StateMachine", StateMachine("del-user-a", "del-used")), HttpStatusCode.Created);
        var before = await api.CountStoredAsync();

        var problem = await ShouldBeAsync(await client.DeleteAsync("/api/v1/Actor/del-used"), HttpStatusCode.Conflict);
        problem.GetProperty("stateMachines").EnumerateArray().Select(s => s.GetString()).ShouldBe(["del-user-a", "del-user-b"]);
        (await api.CountStoredAsync()).ShouldBe(before);
        await ShouldBeAsync(await client.GetAsync("/api/v1/Actor/del-used"), HttpStatusCode.OK);

        // Once no current state machine runs it, it can go.
        await ShouldBeAsync(await client.DeleteAsync("/api/v1/StateMachine/del-user-a"), HttpStatusCode.NoContent);
        await ShouldBeAsync(await client.DeleteAsync("/api/v1/StateMachine/del-user-b"), HttpStatusCode.NoContent);
        await ShouldBeAsync(await client.DeleteAsync("/api/v1/Actor/del-used"), HttpStatusCode.NoContent);
    }
}
