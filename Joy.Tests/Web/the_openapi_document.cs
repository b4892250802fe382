using System.Net;
using Joy.Tests.Blobs;

namespace Joy.Tests.Web;

public class the_openapi_document(BlobApi api) : IClassFixture<BlobApi>
{
    [Fact]
    public async Task is_served_as_json_and_lists_the_blob_routes()
    {
        using var client = api.CreateClient();
        using var response = await client.GetAsync("/openapi/v1.json");
        response.StatusCode.ShouldBe(HttpStatusCode.OK);
        var paths = (await TestBytes.JsonAsync(response)).GetProperty("paths");
        paths.GetProperty("/api/v1/Blob").GetProperty("put").GetProperty("requestBody").GetProperty("content")
            .EnumerateObject().Select(c => c.Name).Order().ShouldBe(["application/json", "application/octet-stream"]);
        var responses = paths.GetProperty("/api/v1/Blob/{id}").GetProperty("get").GetProperty("responses");
        responses.EnumerateObject().Select(r => r.Name).Order().ShouldBe(["200", "206", "304", "400", "401", "403", "404", "416"]);
        responses.GetProperty("200").GetProperty("content").EnumerateObject().Select(c => c.Name).Order()
            .ShouldBe(["application/json", "application/octet-stream"]);
        paths.GetProperty("/api/v1/Blob/All").TryGetProperty("get", out _).ShouldBeTrue();
    }

    [Fact]
    public async Task lists_every_status_an_instance_route_can_answer()
    {
        using var client = api.CreateClient();
        using var response = await client.GetAsync("/openapi/v1.json");
        var paths = (await TestBytes.JsonAsync(response)).GetProperty("paths");
        string[] Statuses(string path, string method) =>
            paths.GetProperty(path).GetProperty(method).GetProperty("responses").EnumerateObject().Select(r => r.Name).Order().ToArray();

        Statuses("/api/v1/StateMachineInstance", "put").ShouldBe(["200", "201", "400", "401", "403", "404", "409"]);
        Statuses("/api/v1/StateMachineInstance/{id}", "get").ShouldBe(["200", "401", "403", "404"]);
        Statuses("/api/v1/StateMachineInstance/{id}", "patch").ShouldBe(["200", "400", "401", "403", "404", "409"]);
        Statuses("/api/v1/StateMachineInstance/{id}", "delete").ShouldBe(["200", "400", "401", "403", "404", "409"]);
        paths.GetProperty("/api/v1/StateMachineInstance").GetProperty("put").GetProperty("operationId").GetString().ShouldBe("StartInstance");
        paths.GetProperty("/api/v1/StateMachineInstance").GetProperty("put").GetProperty("x-joy-role").GetString().ShouldBe("submitter");
    }

    [Fact]
    public async Task lists_every_status_a_query_route_can_answer()
    {
        using var client = api.CreateClient();
        using var response = await client.GetAsync("/openapi/v1.json");
        var paths = (await TestBytes.JsonAsync(response)).GetProperty("paths");
        string[] Statuses(string path, string method) =>
            paths.GetProperty(path).GetProperty(method).GetProperty("responses").EnumerateObject().Select(r => r.Name).Order().ToArray();

        Statuses("/api/v1/StateMachineInstance/All", "get").ShouldBe(["200", "400", "401", "403"]);
        Statuses("/api/v1/StateMachineInstance/{id}/events", "get").ShouldBe(["200", "401", "403", "404"]);
        Statuses("/api/v1/StateMachineInstance/{id}/state", "get").ShouldBe(["200", "400", "401", "403", "404"]);
        Statuses("/api/v1/Statistics", "get").ShouldBe(["200", "400", "401", "403"]);
        Statuses("/api/v1/Statistics/RunsPerMinute", "get").ShouldBe(["200", "400", "401", "403"]);
        Statuses("/api/v1/DockerNode/All", "get").ShouldBe(["200", "401", "403"]);
        Statuses("/api/v1/DockerNode/WaitingTasks", "get").ShouldBe(["200", "401", "403"]);
        Statuses("/api/v1/admin/projections", "get").ShouldBe(["200", "401", "403"]);
        Statuses("/api/v1/admin/projections/{name}/rebuild", "post").ShouldBe(["200", "401", "403", "404"]);
        Statuses("/api/v1/admin/dead-letters", "get").ShouldBe(["200", "400", "401", "403"]);
        Statuses("/api/v1/admin/dead-letters/{id}/replay", "post").ShouldBe(["202", "401", "403", "404"]);
        var replay = paths.GetProperty("/api/v1/admin/dead-letters/{id}/replay").GetProperty("post");
        replay.GetProperty("operationId").GetString().ShouldBe("ReplayDeadLetter");
        replay.GetProperty("x-joy-role").GetString().ShouldBe("admin");
        paths.GetProperty("/api/v1/StateMachineInstance/All").GetProperty("get").GetProperty("parameters").EnumerateArray()
            .Select(p => p.GetProperty("name").GetString()).ShouldBe(["name", "stage", "status", "begin_time", "finish_time", "limit", "after"]);
    }

    [Fact]
    public async Task lists_every_status_a_definition_or_schedule_route_can_answer()
    {
        using var client = api.CreateClient();
        using var response = await client.GetAsync("/openapi/v1.json");
        var paths = (await TestBytes.JsonAsync(response)).GetProperty("paths");
        string[] Statuses(string path, string method) =>
            paths.GetProperty(path).GetProperty(method).GetProperty("responses").EnumerateObject().Select(r => r.Name).Order().ToArray();

        foreach (var kind in new[] { "Actor", "StateMachine" })
        {
            Statuses($"/api/v1/{kind}/All", "get").ShouldBe(["200", "401", "403"]);
            Statuses($"/api/v1/{kind}/{{name}}", "get").ShouldBe(["200", "400", "401", "403", "404"]);
            Statuses($"/api/v1/{kind}", "put").ShouldBe(["201", "400", "401", "403", "409"]);
            Statuses($"/api/v1/{kind}/{{name}}", "patch").ShouldBe(["200", "400", "401", "403", "404", "409"]);
            Statuses($"/api/v1/{kind}/{{name}}", "delete").ShouldBe(["204", "400", "401", "403", "404", "409"]);
        }

        Statuses("/api/v1/Schedule/All", "get").ShouldBe(["200", "401", "403"]);
        Statuses("/api/v1/Schedule/NextFireTimes", "get").ShouldBe(["200", "400", "401", "403"]);
        Statuses("/api/v1/Schedule/{name}", "get").ShouldBe(["200", "401", "403", "404"]);
        Statuses("/api/v1/Schedule/{name}/history", "get").ShouldBe(["200", "401", "403", "404"]);
        Statuses("/api/v1/Schedule", "put").ShouldBe(["201", "400", "401", "403", "409"]);
        Statuses("/api/v1/Schedule/{name}", "patch").ShouldBe(["200", "400", "401", "403", "404", "409"]);
        Statuses("/api/v1/Schedule/{name}", "delete").ShouldBe(["204", "400", "401", "403", "404", "409"]);
        foreach (var change in new[] { "pause", "resume", "trigger", "backfill" })
        {
            Statuses($"/api/v1/Schedule/{{name}}/{change}", "post").ShouldBe(["200", "400", "401", "403", "404", "409"]);
        }

        // The bodies these routes read themselves are still described, as a minimal API's Accepts<T> did.
        var patch = paths.GetProperty("/api/v1/Actor/{name}").GetProperty("patch");
        patch.GetProperty("operationId").GetString().ShouldBe("PatchActor");
        patch.GetProperty("x-joy-role").GetString().ShouldBe("operator");
        patch.GetProperty("requestBody").GetProperty("content").EnumerateObject().Select(c => c.Name)
            .ShouldBe(["application/merge-patch+json", "application/json"]);
        patch.GetProperty("parameters").EnumerateArray().Select(p => p.GetProperty("name").GetString()).ShouldBe(["name", "If-Match"]);
        paths.GetProperty("/api/v1/Schedule").GetProperty("put").GetProperty("requestBody").GetProperty("content")
            .GetProperty("application/json").GetProperty("schema").GetProperty("$ref").GetString().ShouldBe("#/components/schemas/ScheduleDefinition");
    }

    [Fact]
    public async Task lists_every_status_a_key_or_blob_list_route_can_answer()
    {
        using var client = api.CreateClient();
        using var response = await client.GetAsync("/openapi/v1.json");
        var paths = (await TestBytes.JsonAsync(response)).GetProperty("paths");
        string[] Statuses(string path, string method) =>
            paths.GetProperty(path).GetProperty(method).GetProperty("responses").EnumerateObject().Select(r => r.Name).Order().ToArray();

        Statuses("/api/v1/admin/keys", "post").ShouldBe(["201", "400", "401", "403", "409"]);
        Statuses("/api/v1/admin/keys", "get").ShouldBe(["200", "401", "403"]);
        Statuses("/api/v1/admin/keys/{name}", "delete").ShouldBe(["200", "401", "403", "404"]);
        Statuses("/api/v1/whoami", "get").ShouldBe(["200", "401", "403"]);
        Statuses("/api/v1/Blob/All", "get").ShouldBe(["200", "400", "401", "403"]);
        var create = paths.GetProperty("/api/v1/admin/keys").GetProperty("post");
        create.GetProperty("operationId").GetString().ShouldBe("CreateApiKey");
        create.GetProperty("x-joy-role").GetString().ShouldBe("admin");
        paths.GetProperty("/api/v1/whoami").GetProperty("get").GetProperty("x-joy-role").GetString().ShouldBe("reader");
        paths.GetProperty("/api/v1/Blob/All").GetProperty("get").GetProperty("parameters").EnumerateArray()
            .Select(p => p.GetProperty("name").GetString()).ShouldBe(["limit", "after"]);
    }

    [Fact]
    public async Task has_an_interactive_page()
    {
        using var client = api.CreateClient();
        using var response = await client.GetAsync("/swagger/index.html");
        response.StatusCode.ShouldBe(HttpStatusCode.OK);
        (await response.Content.ReadAsStringAsync()).ShouldContain("swagger-ui");
    }
}
