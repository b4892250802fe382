using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;

namespace Joy.Tests.Blobs;

public class uploading_json_and_reading_it_back(BlobApi api) : IClassFixture<BlobApi>
{
    private static readonly byte[] Content = TestBytes.Random(300_000, seed: 11);

    [Fact]
    public async Task is_created_under_the_sha256_of_the_bytes_and_returned_in_the_original_form()
    {
        using var client = api.CreateClient();
        using var put = await client.PutAsJsonAsync("/api/v1/Blob", new { body = Convert.ToBase64String(Content), remark = "Main.c", timeStamp = 1_500_000_000_000 });
        put.StatusCode.ShouldBe(HttpStatusCode.Created);
        var id = (await TestBytes.JsonAsync(put)).GetProperty("id").GetString();
        id.ShouldBe(TestBytes.Sha256(Content));
        put.Headers.Location!.ToString().ShouldBe($"/api/v1/Blob/{id}");

        using var get = await client.GetAsync($"/api/v1/Blob/{id}");
        get.StatusCode.ShouldBe(HttpStatusCode.OK);
        get.Content.Headers.ContentType!.MediaType.ShouldBe("application/json");
        var blob = await TestBytes.JsonAsync(get);
        blob.GetProperty("id").GetString().ShouldBe(id);
        blob.GetProperty("size").GetInt64().ShouldBe(Content.Length);
        blob.GetProperty("remark").GetString().ShouldBe("Main.c");
        blob.GetProperty("timeStamp").GetInt64().ShouldBe(1_500_000_000_000);
        blob.GetProperty("body").GetBytesFromBase64().ShouldBe(Content);
    }

    [Fact]
    public async Task is_served_raw_with_its_id_as_etag_when_octet_stream_is_asked_for()
    {
        using var client = api.CreateClient();
        using var put = await client.PutAsJsonAsync("/api/v1/Blob", new { body = Convert.ToBase64String(Content) });
        var id = (await TestBytes.JsonAsync(put)).GetProperty("id").GetString();

        using var request = new HttpRequestMessage(HttpMethod.Get, $"/api/v1/Blob/{id}");
        request.Headers.Accept.Add(new MediaTypeWithQualityHeaderValue("application/octet-stream"));
        using var get = await client.SendAsync(request);
        get.StatusCode.ShouldBe(HttpStatusCode.OK);
        get.Content.Headers.ContentType!.MediaType.ShouldBe("application/octet-stream");
        get.Content.Headers.ContentLength.ShouldBe(Content.Length);
        get.Headers.ETag!.Tag.ShouldBe($"\"{id}\"");
        (await get.Content.ReadAsByteArrayAsync()).ShouldBe(Content);
    }

    [Fact]
    public async Task a_second_upload_of_the_same_content_answers_200_with_the_same_id_and_keeps_the_first_remark()
    {
        var content = TestBytes.Random(1000, seed: 12);
        using var client = api.CreateClient();
        using var first = await client.PutAsJsonAsync("/api/v1/Blob", new { body = Convert.ToBase64String(content), remark = "first" });
        using var second = await client.PutAsJsonAsync("/api/v1/Blob", new { body = Convert.ToBase64String(content), remark = "second" });

        first.StatusCode.ShouldBe(HttpStatusCode.Created);
        second.StatusCode.ShouldBe(HttpStatusCode.OK);
        var id = (await TestBytes.JsonAsync(second)).GetProperty("id").GetString();
        id.ShouldBe(TestBytes.Sha256(content));
        using var get = await client.GetAsync($"/api/v1/Blob/{id}");
        (await TestBytes.JsonAsync(get)).GetProperty("remark").GetString().ShouldBe("first");
    }

    [Fact]
    public async Task an_empty_body_is_a_blob_too()
    {
        using var client = api.CreateClient();
        using var put = await client.PutAsJsonAsync("/api/v1/Blob", new { body = "" });
        var id = (await TestBytes.JsonAsync(put)).GetProperty("id").GetString();
        id.ShouldBe(TestBytes.Sha256([]));
        using var get = await client.GetAsync($"/api/v1/Blob/{id}");
        var blob = await TestBytes.JsonAsync(get);
        blob.GetProperty("size").GetInt64().ShouldBe(0);
        blob.GetProperty("body").GetString().ShouldBe("");
    }

    [Theory]
    [InlineData("*/*")]
    [InlineData("application/json, application/octet-stream;q=0.5")]
    public async Task a_wildcard_or_json_preferring_accept_gets_the_json_form(string accept)
    {
        using var client = api.CreateClient();
        using var put = await client.PutAsJsonAsync("/api/v1/Blob", new { body = Convert.ToBase64String(Content) });
        var id = (await TestBytes.JsonAsync(put)).GetProperty("id").GetString();

        using var request = new HttpRequestMessage(HttpMethod.Get, $"/api/v1/Blob/{id}");
        request.Headers.TryAddWithoutValidation("Accept", accept);
        using var get = await client.SendAsync(request);
        get.Content.Headers.ContentType!.MediaType.ShouldBe("application/json");
        (await TestBytes.JsonAsync(get)).GetProperty("body").GetBytesFromBase64().ShouldBe(Content);
    }
}
