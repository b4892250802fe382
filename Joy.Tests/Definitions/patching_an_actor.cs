using System.Net;
using System.Net.Http.Headers;
using static Joy.Tests.Definitions.DefinitionsApi;

namespace Joy.Tests.Definitions;

public class patching_an_actor(DefinitionsApi api) : IClassFixture<DefinitionsApi>
{
    private async Task<HttpClient> DefinedAsync(string name)
    {
        var client = api.CreateClient();
        using var put = await client.PutAsync("/api/v1/Actor", Actor(name,
            "'script': 'echo one', 'image': 'joy-busybox:latest', 'outputs': ['out.txt'], 'limitation': {'memory': 67108864, 'pidsLimit': 8}"));
        await ShouldBeAsync(put, HttpStatusCode.Created);
        return client;
    }

    [Fact]
    public async Task only_the_given_field_changes_and_the_version_increments()
    {
        using var client = await DefinedAsync("patch-one");
        using var patch = await client.PatchAsync("/api/v1/Actor/patch-one", Json("{'limitation': {'pidsLimit': 16}}"));
        var patched = await ShouldBeAsync(patch, HttpStatusCode.OK);
        patched.GetProperty("version").GetInt32().ShouldBe(2);
        patched.GetProperty("limitation").GetProperty("pidsLimit").GetInt64().ShouldBe(16);
        patched.GetProperty("limitation").GetProperty("memory").GetInt64().ShouldBe(67108864);

        var current = await ShouldBeAsync(await client.GetAsync("/api/v1/Actor/patch-one"), HttpStatusCode.OK);
        current.GetProperty("script").GetString().ShouldBe("echo one");
        current.GetProperty("image").GetString().ShouldBe("joy-busybox:latest");
        current.GetProperty("outputs")[0].GetString().ShouldBe("out.txt");
        current.GetProperty("limitation").GetProperty("pidsLimit").GetInt64().ShouldBe(16);
        current.GetProperty("version").GetInt32().ShouldBe(2);
        current.GetProperty("updatedAt").GetDateTimeOffset().ShouldBeGreaterThan(current.GetProperty("createdAt").GetDateTimeOffset());
    }

    [Fact]
    public async Task the_old_version_is_still_readable()
    {
        using var client = await DefinedAsync("patch-history");
        await ShouldBeAsync(await client.PatchAsync("/api/v1/Actor/patch-history", Json("{'script': 'echo two'}")), HttpStatusCode.OK);

        var first = await ShouldBeAsync(await client.GetAsync("/api/v1/Actor/patch-history?version=1"), HttpStatusCode.OK);
        first.GetProperty("script").GetString().ShouldBe("echo one");
        first.GetProperty("version").GetInt32().ShouldBe(1);
        var second = await ShouldBeAsync(await client.GetAsync("/api/v1/Actor/patch-history?version=2"), HttpStatusCode.OK);
        second.GetProperty("script").GetString().ShouldBe("echo two");
        await ShouldBeAsync(await client.GetAsync("/api/v1/Actor/patch-history?version=3"), HttpStatusCode.NotFound);
    }

    [Fact]
    public async Task null_removes_a_field_and_swapping_script_for_command_works_in_one_patch()
    {
        using var client = await DefinedAsync("patch-swap");
        using var patch = await client.PatchAsync("/api/v1/Actor/patch-swap", Json("{'script': null, 'command': ['true'], 'image': null}"));
        var patched = await ShouldBeAsync(patch, HttpStatusCode.OK);
        patched.GetProperty("script").ValueKind.ShouldBe(System.Text.Json.JsonValueKind.Null);
        patched.GetProperty("image").ValueKind.ShouldBe(System.Text.Json.JsonValueKind.Null);
        patched.GetProperty("command")[0].GetString().ShouldBe("true");
    }

    [Fact]
    public async Task a_patch_that_changes_nothing_makes_no_new_version()
    {
        using var client = await DefinedAsync("patch-same");
        var before = await api.CountStoredAsync();
        var same = await ShouldBeAsync(await client.PatchAsync("/api/v1/Actor/patch-same", Json("{'script': 'echo one'}")), HttpStatusCode.OK);
        same.GetProperty("version").GetInt32().ShouldBe(1);
        (await api.CountStoredAsync()).ShouldBe(before);
    }

    [Fact]
    public async Task an_invalid_patch_is_400_and_changes_nothing()
    {
        using var client = await DefinedAsync("patch-bad");
        var before = await api.CountStoredAsync();
        using var patch = await client.PatchAsync("/api/v1/Actor/patch-bad", Json("{'command': ['ls'], 'name': 'renamed'}"));
        (await ProblemPointersAsync(patch)).ShouldBe(["/name"]);
        (await api.CountStoredAsync()).ShouldBe(before);

        using var both = await client.PatchAsync("/api/v1/Actor/patch-bad", Json("{'command': ['ls']}"));
        (await ProblemPointersAsync(both)).ShouldBe(["/command"]);
        (await api.CountStoredAsync()).ShouldBe(before);
    }

    [Fact]
    public async Task a_stale_if_match_is_409_and_a_current_one_is_accepted()
    {
        using var client = await DefinedAsync("patch-match");
        await ShouldBeAsync(await client.PatchAsync("/api/v1/Actor/patch-match", Json("{'script': 'echo two'}")), HttpStatusCode.OK);

        using var stale = new HttpRequestMessage(HttpMethod.Patch, "/api/v1/Actor/patch-match") { Content = Json("{'script': 'echo three'}") };
        stale.Headers.IfMatch.Add(new EntityTagHeaderValue("\"1\""));
        var problem = await ShouldBeAsync(await client.SendAsync(stale), HttpStatusCode.Conflict);
        problem.GetProperty("detail").GetString()!.ShouldContain("version 2");

        using var current = new HttpRequestMessage(HttpMethod.Patch, "/api/v1/Actor/patch-match") { Content = Json("{'script': 'echo three'}") };
        current.Headers.IfMatch.Add(new EntityTagHeaderValue("\"2\""));
        (await ShouldBeAsync(await client.SendAsync(current), HttpStatusCode.OK)).GetProperty("version").GetInt32().ShouldBe(3);
    }
}
