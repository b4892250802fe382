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
    public async Task has_an_interactive_page()
    {
        using var client = api.CreateClient();
        using var response = await client.GetAsync("/swagger/index.html");
        response.StatusCode.ShouldBe(HttpStatusCode.OK);
        (await response.Content.ReadAsStringAsync()).ShouldContain("swagger-ui");
    }
}
