using System.Net;
using System.Net.Http.Json;
using System.Text;

namespace Joy.Tests.Blobs;

/// <summary>Every bad request is a ProblemDetails 4xx that names the problem, and stores nothing.</summary>
public class sending_bad_requests(BlobApi api) : IClassFixture<BlobApi>, IAsyncLifetime
{
    private (long Blobs, long Chunks) _before;

    public async Task InitializeAsync() => _before = await api.CountRowsAsync();

    public async Task DisposeAsync() => (await api.CountRowsAsync()).ShouldBe(_before);

    private static StringContent Json(string json) => new(json, Encoding.UTF8, "application/json");

    private static async Task ShouldBeProblemAsync(HttpResponseMessage response, HttpStatusCode status)
    {
        response.StatusCode.ShouldBe(status);
        response.Content.Headers.ContentType!.MediaType.ShouldBe("application/problem+json");
        var problem = await TestBytes.JsonAsync(response);
        problem.GetProperty("status").GetInt32().ShouldBe((int)status);
        problem.ToString().ShouldNotContain("Exception");
    }

    [Theory]
    [InlineData("not-a-hash")]
    [InlineData("E3B0C44298FC1C149AFBF4C8996FB92427AE41E4649B934CA495991B7852B855")]
    [InlineData("e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b85")]
    public async Task a_malformed_id_is_400(string id)
    {
        using var client = api.CreateClient();
        using var response = await client.GetAsync($"/api/v1/Blob/{id}");
        await ShouldBeProblemAsync(response, HttpStatusCode.BadRequest);
        (await TestBytes.ErrorFieldsAsync(response)).ShouldBe(["id"]);
    }

    [Fact]
    public async Task an_unknown_blob_is_404()
    {
        using var client = api.CreateClient();
        using var response = await client.GetAsync($"/api/v1/Blob/{new string('a', 64)}");
        await ShouldBeProblemAsync(response, HttpStatusCode.NotFound);
    }

    [Fact]
    public async Task malformed_json_is_400_with_its_position()
    {
        using var client = api.CreateClient();
        using var response = await client.PutAsync("/api/v1/Blob", Json("{\"body\": \"AAAA\", "));
        await ShouldBeProblemAsync(response, HttpStatusCode.BadRequest);
        var errors = (await TestBytes.JsonAsync(response)).GetProperty("errors");
        errors.GetProperty("$")[0].GetString()!.ShouldContain("line 1");
    }

    [Fact]
    public async Task every_field_of_the_wrong_type_is_listed_at_once()
    {
        using var client = api.CreateClient();
        using var response = await client.PutAsync("/api/v1/Blob",
            Json("{\"body\": 12, \"remark\": [], \"timeStamp\": \"yesterday\", \"isCompressed\": \"yes\", \"colour\": 1}"));
        await ShouldBeProblemAsync(response, HttpStatusCode.BadRequest);
        (await TestBytes.ErrorFieldsAsync(response)).ShouldBe(["body", "colour", "isCompressed", "remark", "timeStamp"]);
    }

    [Fact]
    public async Task a_missing_or_non_base64_body_is_400()
    {
        using var client = api.CreateClient();
        using var missing = await client.PutAsJsonAsync("/api/v1/Blob", new { remark = "no body" });
        await ShouldBeProblemAsync(missing, HttpStatusCode.BadRequest);
        (await TestBytes.ErrorFieldsAsync(missing)).ShouldBe(["body"]);

        using var notBase64 = await client.PutAsJsonAsync("/api/v1/Blob", new { body = "%%%" });
        await ShouldBeProblemAsync(notBase64, HttpStatusCode.BadRequest);
        (await TestBytes.ErrorFieldsAsync(notBase64)).ShouldBe(["body"]);
    }

    [Fact]
    public async Task a_body_that_is_not_an_object_is_400()
    {
        using var client = api.CreateClient();
        using var response = await client.PutAsync("/api/v1/Blob", Json("[1, 2]"));
        await ShouldBeProblemAsync(response, HttpStatusCode.BadRequest);
    }

    [Fact]
    public async Task an_unsupported_media_type_is_415()
    {
        using var client = api.CreateClient();
        using var response = await client.PutAsync("/api/v1/Blob", new StringContent("hello", Encoding.UTF8, "text/plain"));
        await ShouldBeProblemAsync(response, HttpStatusCode.UnsupportedMediaType);
    }

    [Fact]
    public async Task a_time_stamp_query_that_is_not_a_number_is_400()
    {
        using var client = api.CreateClient();
        using var response = await client.PutAsync("/api/v1/Blob?timeStamp=noon", BlobApi.Raw([1, 2, 3]));
        await ShouldBeProblemAsync(response, HttpStatusCode.BadRequest);
    }
}
