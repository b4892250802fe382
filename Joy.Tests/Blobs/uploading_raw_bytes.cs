using System.Net;
using System.Net.Http.Headers;

namespace Joy.Tests.Blobs;

public class uploading_raw_bytes(BlobApi api) : IClassFixture<BlobApi>
{
    [Fact]
    public async Task streams_the_body_in_and_takes_the_remark_from_the_header()
    {
        var content = TestBytes.Random(3_000_000, seed: 21);
        using var client = api.CreateClient();
        using var request = new HttpRequestMessage(HttpMethod.Put, "/api/v1/Blob?timeStamp=42") { Content = BlobApi.Raw(content) };
        request.Headers.Add("X-Joy-Remark", "input_1.txt");
        using var put = await client.SendAsync(request);
        put.StatusCode.ShouldBe(HttpStatusCode.Created);
        var id = (await TestBytes.JsonAsync(put)).GetProperty("id").GetString();
        id.ShouldBe(TestBytes.Sha256(content));

        using var get = await client.GetAsync($"/api/v1/Blob/{id}");
        var blob = await TestBytes.JsonAsync(get);
        blob.GetProperty("remark").GetString().ShouldBe("input_1.txt");
        blob.GetProperty("timeStamp").GetInt64().ShouldBe(42);
        blob.GetProperty("body").GetBytesFromBase64().ShouldBe(content);
    }

    [Fact]
    public async Task takes_the_remark_from_the_query_too()
    {
        var content = TestBytes.Random(10, seed: 22);
        using var client = api.CreateClient();
        using var put = await client.PutAsync("/api/v1/Blob?remark=Main.c", BlobApi.Raw(content));
        var id = (await TestBytes.JsonAsync(put)).GetProperty("id").GetString();
        using var get = await client.GetAsync($"/api/v1/Blob/{id}");
        (await TestBytes.JsonAsync(get)).GetProperty("remark").GetString().ShouldBe("Main.c");
    }

    [Fact]
    public async Task head_answers_the_length_and_etag_without_the_bytes()
    {
        var content = TestBytes.Random(5000, seed: 23);
        using var client = api.CreateClient();
        using var put = await client.PutAsync("/api/v1/Blob", BlobApi.Raw(content));
        var id = (await TestBytes.JsonAsync(put)).GetProperty("id").GetString();

        using var head = await client.SendAsync(new HttpRequestMessage(HttpMethod.Head, $"/api/v1/Blob/{id}"));
        head.StatusCode.ShouldBe(HttpStatusCode.OK);
        head.Content.Headers.ContentLength.ShouldBe(5000);
        head.Headers.ETag!.Tag.ShouldBe($"\"{id}\"");
        (await head.Content.ReadAsByteArrayAsync()).ShouldBeEmpty();
    }

    [Fact]
    public async Task answers_304_when_the_client_already_has_it()
    {
        var content = TestBytes.Random(100, seed: 24);
        using var client = api.CreateClient();
        using var put = await client.PutAsync("/api/v1/Blob", BlobApi.Raw(content));
        var id = (await TestBytes.JsonAsync(put)).GetProperty("id").GetString();

        using var request = new HttpRequestMessage(HttpMethod.Get, $"/api/v1/Blob/{id}");
        request.Headers.Accept.Add(new MediaTypeWithQualityHeaderValue("application/octet-stream"));
        request.Headers.IfNoneMatch.Add(new EntityTagHeaderValue($"\"{id}\""));
        using var get = await client.SendAsync(request);
        get.StatusCode.ShouldBe(HttpStatusCode.NotModified);
        (await get.Content.ReadAsByteArrayAsync()).ShouldBeEmpty();
    }
}
