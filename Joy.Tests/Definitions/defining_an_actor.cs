using System.Net;
using System.Net.Http.Json;
using static Joy.Tests.Definitions.DefinitionsApi;

namespace Joy.Tests.Definitions;

public class defining_an_actor(DefinitionsApi api) : IClassFixture<DefinitionsApi>
{
    [Fact]
    public async Task put_answers_201_with_the_name_as_id_and_get_reads_it_back()
    {
        using var client = api.CreateClient();
        using var put = await client.PutAsync("/api/v1/Actor", Actor("gcc",
            "'command': ['gcc', 'Main.c'], 'image': 'joy-runner:latest', 'outputs': ['a.out'], 'env': {'LANG': 'C'}, " +
            "'limitation': {'memory': 67108864, 'executionTimeout': 5000, 'enableNetwork': false, 'ulimits': [{'name': 'nofile', 'soft': 64, 'hard': 64}]}"));
        (await ShouldBeAsync(put, HttpStatusCode.Created)).GetProperty("id").GetString().ShouldBe("gcc");
        put.Headers.Location!.ToString().ShouldBe("/api/v1/Actor/gcc");

        using var get = await client.GetAsync("/api/v1/Actor/gcc");
        var actor = await ShouldBeAsync(get, HttpStatusCode.OK);
        actor.GetProperty("name").GetString().ShouldBe("gcc");
        actor.GetProperty("command").EnumerateArray().Select(c => c.GetString()).ShouldBe(["gcc", "Main.c"]);
        actor.GetProperty("image").GetString().ShouldBe("joy-runner:latest");
        actor.GetProperty("outputs")[0].GetString().ShouldBe("a.out");
        actor.GetProperty("env").GetProperty("LANG").GetString().ShouldBe("C");
        actor.GetProperty("limitation").GetProperty("memory").GetInt64().ShouldBe(67108864);
        actor.GetProperty("limitation").GetProperty("ulimits")[0].GetProperty("soft").GetInt64().ShouldBe(64);
        actor.GetProperty("version").GetInt32().ShouldBe(1);
        actor.GetProperty("createdAt").GetDateTimeOffset().ShouldBe(actor.GetProperty("updatedAt").GetDateTimeOffset());
        get.Headers.ETag!.Tag.ShouldBe("\"1\"");
    }

    [Fact]
    public async Task all_lists_every_current_actor_by_name()
    {
        using var client = api.CreateClient();
        (await client.PutAsync("/api/v1/Actor", Actor("list-b"))).StatusCode.ShouldBe(HttpStatusCode.Created);
        (await client.PutAsync("/api/v1/Actor", Actor("list-a"))).StatusCode.ShouldBe(HttpStatusCode.Created);
        (await client.PutAsync("/api/v1/Actor", Actor("list-gone"))).StatusCode.ShouldBe(HttpStatusCode.Created);
        (await client.DeleteAsync("/api/v1/Actor/list-gone")).StatusCode.ShouldBe(HttpStatusCode.NoContent);

        var all = await client.GetFromJsonAsync<ActorView[]>("/api/v1/Actor/All");
        var names = all!.Select(a => a.Name).Where(n => n.StartsWith("list-", StringComparison.Ordinal)).ToList();
        names.ShouldBe(["list-a", "list-b"]);
        all!.First(a => a.Name == "list-a").Script.ShouldBe("echo hi");
    }

    [Fact]
    public async Task an_unknown_actor_is_404()
    {
        using var client = api.CreateClient();
        await ShouldBeAsync(await client.GetAsync("/api/v1/Actor/nobody"), HttpStatusCode.NotFound);
        await ShouldBeAsync(await client.GetAsync("/api/v1/Actor/nobody?version=1"), HttpStatusCode.NotFound);
        await ShouldBeAsync(await client.PatchAsync("/api/v1/Actor/nobody", Json("{'script': 'x'}")), HttpStatusCode.NotFound);
        await ShouldBeAsync(await client.DeleteAsync("/api/v1/Actor/nobody"), HttpStatusCode.NotFound);
    }

    private sealed record ActorView(string Name, string? Script, int Version);
}
