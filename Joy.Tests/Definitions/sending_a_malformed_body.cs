using System.Net;
using System.Text;
using static Joy.Tests.Definitions.DefinitionsApi;

namespace Joy.Tests.Definitions;

/// <summary>Bodies that are not JSON, or not the shape of a definition: 400 listing every problem, nothing stored.</summary>
public class sending_a_malformed_body(DefinitionsApi api) : IClassFixture<DefinitionsApi>, IAsyncLifetime
{
    private (long Events, long Versions) _before;

    public async Task InitializeAsync()
    {
        using var client = api.CreateClient();
        using var put = await client.PutAsync("/api/v1/Actor", Actor("shape"));
        put.StatusCode.ShouldBeOneOf(HttpStatusCode.Created, HttpStatusCode.Conflict);
        _before = await api.CountStoredAsync();
    }

    public async Task DisposeAsync() => (await api.CountStoredAsync()).ShouldBe(_before);

    [Theory]
    [InlineData("Actor")]
    [InlineData("StateMachine")]
    public async Task malformed_json_is_400_with_its_position(string resource)
    {
        using var client = api.CreateClient();
        using var response = await client.PutAsync($"/api/v1/{resource}", new StringContent("{\"name\": \"x\", ", Encoding.UTF8, "application/json"));
        var problem = await ShouldBeAsync(response, HttpStatusCode.BadRequest);
        problem.GetProperty("errors").GetProperty("")[0].GetString()!.ShouldContain("line 1");
    }

    [Fact]
    public async Task a_body_that_is_not_an_object_is_400()
    {
        using var client = api.CreateClient();
        (await ProblemPointersAsync(await client.PutAsync("/api/v1/Actor", Json("['name']")))).ShouldBe([""]);
        (await ProblemPointersAsync(await client.PatchAsync("/api/v1/Actor/shape", Json("42")))).ShouldBe([""]);
    }

    [Fact]
    public async Task every_field_of_the_wrong_type_is_listed_at_once()
    {
        using var client = api.CreateClient();
        using var actor = await client.PutAsync("/api/v1/Actor", Json(
            "{'name': 7, 'command': 'ls', 'outputs': [1], 'env': {'A': 1}, 'colour': 'red', " +
            "'limitation': {'memory': 'big', 'enableNetwork': 'yes', 'ulimits': {'nofile': 64}, 'cpus': 2}}"));
        (await ProblemPointersAsync(actor)).ShouldBe(
            ["/colour", "/command", "/env", "/limitation/cpus", "/limitation/enableNetwork", "/limitation/memory", "/limitation/ulimits", "/name", "/outputs"]);

        using var machine = await client.PutAsync("/api/v1/StateMachine", Json("{'definition': 'StartAt A', 'limitation': [1]}"));
        (await ProblemPointersAsync(machine)).ShouldBe(["/definition", "/limitation", "/name"]);

        using var patch = await client.PatchAsync("/api/v1/Actor/shape", Json("{'script': 1, 'limitation': {'memory': 1.5}}"));
        (await ProblemPointersAsync(patch)).ShouldBe(["/limitation/memory", "/script"]);
    }

    [Fact]
    public async Task a_body_that_is_not_sent_as_json_is_415()
    {
        using var client = api.CreateClient();
        using var response = await client.PutAsync("/api/v1/Actor", new StringContent("{\"name\": \"form\", \"script\": \"x\"}", Encoding.UTF8, "text/plain"));
        await ShouldBeAsync(response, HttpStatusCode.UnsupportedMediaType);
    }

    [Fact]
    public async Task a_version_that_is_not_a_number_is_400()
    {
        using var client = api.CreateClient();
        var problem = await ShouldBeAsync(await client.GetAsync("/api/v1/Actor/shape?version=latest"), HttpStatusCode.BadRequest);
        problem.GetProperty("errors").GetProperty("version")[0].GetString().ShouldBe("'latest' is not a whole number.");
        (await ProblemPointersAsync(await client.GetAsync("/api/v1/StateMachine/shape?version=1.5"))).ShouldBe(["version"]);
    }

    [Fact]
    public async Task an_if_match_that_is_not_a_version_is_400()
    {
        using var client = api.CreateClient();
        using var request = new HttpRequestMessage(HttpMethod.Delete, "/api/v1/Actor/shape");
        request.Headers.TryAddWithoutValidation("If-Match", "\"abc\"");
        (await ProblemPointersAsync(await client.SendAsync(request))).ShouldBe(["If-Match"]);
    }
}
