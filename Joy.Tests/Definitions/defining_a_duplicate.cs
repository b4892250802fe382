using System.Net;
using static Joy.Tests.Definitions.DefinitionsApi;

namespace Joy.Tests.Definitions;

public class defining_a_duplicate(DefinitionsApi api) : IClassFixture<DefinitionsApi>
{
    [Fact]
    public async Task a_second_put_of_the_name_is_409_and_changes_nothing()
    {
        using var client = api.CreateClient();
        await ShouldBeAsync(await client.PutAsync("/api/v1/Actor", Actor("dup")), HttpStatusCode.Created);
        var before = await api.CountStoredAsync();
        var problem = await ShouldBeAsync(await client.PutAsync("/api/v1/Actor", Actor("dup", "'command': ['ls']")), HttpStatusCode.Conflict);
        problem.GetProperty("detail").GetString()!.ShouldContain("already exists");
        (await api.CountStoredAsync()).ShouldBe(before);
        (await ShouldBeAsync(await client.GetAsync("/api/v1/Actor/dup"), HttpStatusCode.OK)).GetProperty("script").GetString().ShouldBe("echo hi");
    }

    [Theory]
    [InlineData("Actor")]
    [InlineData("StateMachine")]
    public async Task of_concurrent_puts_exactly_one_is_201_and_the_others_409(string resource)
    {
        using var client = api.CreateClient();
        if (resource == "StateMachine")
        {
            await ShouldBeAsync(await client.PutAsync("/api/v1/Actor", Actor("race-actor")), HttpStatusCode.Created);
        }

        var name = $"race-{resource}";
        using var start = new SemaphoreSlim(0);
        var puts = Enumerable.Range(0, 8).Select(async i =>
        {
            await start.WaitAsync();
            using var body = resource == "Actor" ? Actor(name, $"'script': 'echo {i}'") : StateMachine(name, "race-actor");
            using var response = await client.PutAsync($"/api/v1/{resource}", body);
            return response.StatusCode;
        }).ToList();
        start.Release(puts.Count);
        var statuses = await Task.WhenAll(puts);

        statuses.Count(s => s == HttpStatusCode.Created).ShouldBe(1, string.Join(", ", statuses));
        statuses.Count(s => s == HttpStatusCode.Conflict).ShouldBe(puts.Count - 1, string.Join(", ", statuses));
        (await ShouldBeAsync(await client.GetAsync($"/api/v1/{resource}/{name}"), HttpStatusCode.OK)).GetProperty("version").GetInt32().ShouldBe(1);
    }
}
