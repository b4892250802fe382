using System.IO.Compression;
using System.Net;
using System.Net.Http.Json;

namespace Joy.Tests.Blobs;

public class uploading_gzip(BlobApi api) : IClassFixture<BlobApi>
{
    private static byte[] Gzip(byte[] bytes)
    {
        using var output = new MemoryStream();
        using (var gzip = new GZipStream(output, CompressionLevel.Fastest))
        {
            gzip.Write(bytes);
        }

        return output.ToArray();
    }

    // Compressible, so the compressed form clearly differs in size from the stored bytes.
    private static readonly byte[] Text = System.Text.Encoding.UTF8.GetBytes(string.Concat(Enumerable.Repeat("1 2 3\n", 50_000)));

    [Fact]
    public async Task stores_the_decompressed_bytes_under_their_hash()
    {
        using var client = api.CreateClient();
        using var put = await client.PutAsJsonAsync("/api/v1/Blob", new { body = Convert.ToBase64String(Gzip(Text)), isCompressed = true });
        put.StatusCode.ShouldBe(HttpStatusCode.Created);
        var id = (await TestBytes.JsonAsync(put)).GetProperty("id").GetString();
        id.ShouldBe(TestBytes.Sha256(Text));

        using var get = await client.GetAsync($"/api/v1/Blob/{id}");
        var blob = await TestBytes.JsonAsync(get);
        blob.GetProperty("size").GetInt64().ShouldBe(Text.Length);
        blob.GetProperty("body").GetBytesFromBase64().ShouldBe(Text);
    }

    [Fact]
    public async Task a_raw_upload_with_content_encoding_gzip_is_decompressed_the_same_way()
    {
        using var client = api.CreateClient();
        var content = BlobApi.Raw(Gzip(Text));
        content.Headers.ContentEncoding.Add("gzip");
        using var put = await client.PutAsync("/api/v1/Blob", content);
        put.IsSuccessStatusCode.ShouldBeTrue();
        (await TestBytes.JsonAsync(put)).GetProperty("id").GetString().ShouldBe(TestBytes.Sha256(Text));
    }

    [Fact]
    public async Task a_body_that_is_not_gzip_is_rejected_with_400_and_nothing_stored()
    {
        using var client = api.CreateClient();
        var before = await api.CountRowsAsync();
        using var put = await client.PutAsJsonAsync("/api/v1/Blob", new { body = Convert.ToBase64String(TestBytes.Random(5000, seed: 31)), isCompressed = true });
        put.StatusCode.ShouldBe(HttpStatusCode.BadRequest);
        put.Content.Headers.ContentType!.MediaType.ShouldBe("application/problem+json");
        (await TestBytes.ErrorFieldsAsync(put)).ShouldBe(["body"]);
        (await api.CountRowsAsync()).ShouldBe(before);
    }

    [Fact]
    public async Task an_unknown_content_encoding_is_415()
    {
        using var client = api.CreateClient();
        var content = BlobApi.Raw([1, 2, 3]);
        content.Headers.ContentEncoding.Add("br");
        using var put = await client.PutAsync("/api/v1/Blob", content);
        put.StatusCode.ShouldBe(HttpStatusCode.UnsupportedMediaType);
        put.Content.Headers.ContentType!.MediaType.ShouldBe("application/problem+json");
    }
}
