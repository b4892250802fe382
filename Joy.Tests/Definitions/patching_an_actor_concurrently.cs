using System.Net;
using System.Net.Http.Headers;
using Joy.Tests.Infrastructure;
using static Joy.Tests.Definitions.DefinitionsApi;

namespace Joy.Tests.Definitions;

/// <summary>
/// Patches of one actor at once: without If-Match a patch that lost the race is decided again on the winner's
/// version (DefinitionDecisions' error policy), so none is lost; with an If-Match only the first for that version wins.
/// <see cref="StreamRace"/> makes the race certain; the others are as the requests happen to meet.
/// </summary>
public class patching_an_actor_concurrently(DefinitionsApi api) : IClassFixture<DefinitionsApi>
{
    private const int Patches = 4;

    [Fact]
    public async Task without_if_match_every_patch_lands_on_its_own_version()
    {
        using var client = api.CreateClient();
        await ShouldBeAsync(await client.PutAsync("/api/v1/Actor", Actor("concurrent-patches")), HttpStatusCode.Created);

        var statuses = await AllAtOnceAsync(i => new HttpRequestMessage(HttpMethod.Patch, "/api/v1/Actor/concurrent-patches")
        {
            Content = Json($"{{'env': {{'P{i}': '{i}'}}}}"),
        }, client);

        statuses.ShouldAllBe(s => s == HttpStatusCode.OK, string.Join(", ", statuses));
        var actor = await ShouldBeAsync(await client.GetAsync("/api/v1/Actor/concurrent-patches"), HttpStatusCode.OK);
        actor.GetProperty("version").GetInt32().ShouldBe(1 + Patches);
        actor.GetProperty("env").EnumerateObject().Select(p => p.Name).Order()
            .ShouldBe(Enumerable.Range(0, Patches).Select(i => $"P{i}").Order());
    }

    [Fact]
    public async Task with_the_same_if_match_exactly_one_patch_wins_and_the_others_are_409()
    {
        using var client = api.CreateClient();
        await ShouldBeAsync(await client.PutAsync("/api/v1/Actor", Actor("concurrent-matches")), HttpStatusCode.Created);

        var statuses = await AllAtOnceAsync(i =>
        {
            var request = new HttpRequestMessage(HttpMethod.Patch, "/api/v1/Actor/concurrent-matches") { Content = Json($"{{'script': 'echo {i}'}}") };
            request.Headers.IfMatch.Add(new EntityTagHeaderValue("\"1\""));
            return request;
        }, client);

        statuses.Count(s => s == HttpStatusCode.OK).ShouldBe(1, string.Join(", ", statuses));
        statuses.Count(s => s == HttpStatusCode.Conflict).ShouldBe(Patches - 1, string.Join(", ", statuses));
        (await ShouldBeAsync(await client.GetAsync("/api/v1/Actor/concurrent-matches"), HttpStatusCode.OK)).GetProperty("version").GetInt32().ShouldBe(2);
    }

    [Fact]
    public async Task two_patches_that_fetched_one_version_both_land_on_versions_of_their_own()
    {
        using var client = api.CreateClient();
        await ShouldBeAsync(await client.PutAsync("/api/v1/Actor", Actor("raced-patches")), HttpStatusCode.Created);
        var field = 0;

        var statuses = await StreamRace.RunAsync(api.ConnectionString, "actor-raced-patches", 2, async () =>
        {
            var name = $"F{Interlocked.Increment(ref field)}";
            return await client.PatchAsync("/api/v1/Actor/raced-patches", Json($"{{'env': {{'{name}': 'x'}}}}"));
        });

        statuses.ShouldBe([HttpStatusCode.OK, HttpStatusCode.OK]);
        var actor = await ShouldBeAsync(await client.GetAsync("/api/v1/Actor/raced-patches"), HttpStatusCode.OK);
        actor.GetProperty("version").GetInt32().ShouldBe(3);
        actor.GetProperty("env").EnumerateObject().Select(p => p.Name).Order().ShouldBe(["F1", "F2"]);
    }

    private static async Task<HttpStatusCode[]> AllAtOnceAsync(Func<int, HttpRequestMessage> request, HttpClient client)
    {
        using var start = new SemaphoreSlim(0);
        var sends = Enumerable.Range(0, Patches).Select(async i =>
        {
            await start.WaitAsync();
            using var message = request(i);
            using var response = await client.SendAsync(message);
            return response.StatusCode;
        }).ToList();
        start.Release(Patches);
        return await Task.WhenAll(sends);
    }
}
