using System.Net;
using System.Text.Json;
using static Joy.Tests.Definitions.DefinitionsApi;

namespace Joy.Tests.Definitions;

public class defining_a_state_machine(DefinitionsApi api) : IClassFixture<DefinitionsApi>
{
    private const string TwoSteps = "{'StartAt': 'A', 'States': {'A': {'Type': 'Task', 'Resource': 'actor:sm-work', 'Next': 'B'}, 'B': {'Type': 'Succeed'}}}";

    private async Task<HttpClient> ClientWithActorAsync()
    {
        var client = api.CreateClient();
        using var put = await client.PutAsync("/api/v1/Actor", Actor("sm-work"));
        if (put.StatusCode != HttpStatusCode.Conflict)
        {
            await ShouldBeAsync(put, HttpStatusCode.Created);
        }

        return client;
    }

    [Fact]
    public async Task every_route_round_trips()
    {
        using var client = await ClientWithActorAsync();
        var put = await ShouldBeAsync(await client.PutAsync("/api/v1/StateMachine",
            Json($"{{'name': 'sm-trip', 'definition': {TwoSteps}, 'limitation': {{'memory': 67108864}}}}")), HttpStatusCode.Created);
        put.GetProperty("id").GetString().ShouldBe("sm-trip");

        var got = await ShouldBeAsync(await client.GetAsync("/api/v1/StateMachine/sm-trip"), HttpStatusCode.OK);
        got.GetProperty("definition").GetProperty("States").GetProperty("A").GetProperty("Resource").GetString().ShouldBe("actor:sm-work");
        got.GetProperty("limitation").GetProperty("memory").GetInt64().ShouldBe(67108864);
        got.GetProperty("version").GetInt32().ShouldBe(1);

        var all = await ShouldBeAsync(await client.GetAsync("/api/v1/StateMachine/All"), HttpStatusCode.OK);
        all.EnumerateArray().Select(s => s.GetProperty("name").GetString()).ShouldContain("sm-trip");

        // Only the limitation changes; the ASL document stays.
        var patched = await ShouldBeAsync(await client.PatchAsync("/api/v1/StateMachine/sm-trip",
            Json("{'limitation': {'pidsLimit': 8}}")), HttpStatusCode.OK);
        patched.GetProperty("version").GetInt32().ShouldBe(2);
        patched.GetProperty("limitation").GetProperty("memory").GetInt64().ShouldBe(67108864);
        patched.GetProperty("limitation").GetProperty("pidsLimit").GetInt64().ShouldBe(8);
        patched.GetProperty("definition").GetProperty("StartAt").GetString().ShouldBe("A");

        // A given definition replaces the whole document.
        var replaced = await ShouldBeAsync(await client.PatchAsync("/api/v1/StateMachine/sm-trip",
            Json("{'definition': {'StartAt': 'Only', 'States': {'Only': {'Type': 'Succeed'}}}}")), HttpStatusCode.OK);
        replaced.GetProperty("definition").GetProperty("States").EnumerateObject().Select(p => p.Name).ShouldBe(["Only"]);

        await ShouldBeAsync(await client.DeleteAsync("/api/v1/StateMachine/sm-trip"), HttpStatusCode.NoContent);
        await ShouldBeAsync(await client.GetAsync("/api/v1/StateMachine/sm-trip"), HttpStatusCode.NotFound);
        var first = await ShouldBeAsync(await client.GetAsync("/api/v1/StateMachine/sm-trip?version=1"), HttpStatusCode.OK);
        first.GetProperty("definition").GetProperty("StartAt").GetString().ShouldBe("A");
        first.GetProperty("limitation").TryGetProperty("pidsLimit", out var pids).ShouldBeTrue();
        pids.ValueKind.ShouldBe(JsonValueKind.Null);
        (await ShouldBeAsync(await client.GetAsync("/api/v1/StateMachine/sm-trip?version=3"), HttpStatusCode.OK))
            .GetProperty("definition").GetProperty("StartAt").GetString().ShouldBe("Only");
    }

    [Fact]
    public async Task an_unknown_state_machine_is_404()
    {
        using var client = api.CreateClient();
        await ShouldBeAsync(await client.GetAsync("/api/v1/StateMachine/nothing"), HttpStatusCode.NotFound);
        await ShouldBeAsync(await client.PatchAsync("/api/v1/StateMachine/nothing", Json("{'limitation': null}")), HttpStatusCode.NotFound);
        await ShouldBeAsync(await client.DeleteAsync("/api/v1/StateMachine/nothing"), HttpStatusCode.NotFound);
    }

    [Fact]
    public async Task a_patch_naming_an_actor_that_was_deleted_is_400()
    {
        using var client = await ClientWithActorAsync();
        await ShouldBeAsync(await client.PutAsync("/api/v1/Actor", Actor("sm-gone")), HttpStatusCode.Created);
        await ShouldBeAsync(await client.DeleteAsync("/api/v1/Actor/sm-gone"), HttpStatusCode.NoContent);
        await ShouldBeAsync(await client.PutAsync("/api/v1/StateMachine", StateMachine("sm-patch", "sm-work")), HttpStatusCode.Created);

        using var patch = await client.PatchAsync("/api/v1/StateMachine/sm-patch",
            Json("{'definition': {'StartAt': 'A', 'States': {'A': {'Type': 'Task', 'Resource': 'actor:sm-gone', 'End': true}}}}"));
        (await ProblemPointersAsync(patch)).ShouldBe(["/definition/States/A/Resource"]);
    }
}
