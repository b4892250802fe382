using System.IO.Compression;
using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;

namespace Joy.Tests.Blobs;

/// <summary>Limits: 1 MiB per blob, 64 KiB per JSON request (see <see cref="SmallLimitBlobApi"/>).</summary>
public class uploading_too_much(SmallLimitBlobApi api) : IClassFixture<SmallLimitBlobApi>, IAsyncLifetime
{
    private (long Blobs, long Chunks) _before;

    public async Task InitializeAsync() => _before = await api.CountRowsAsync();

    public async Task DisposeAsync() => (await api.CountRowsAsync()).ShouldBe(_before);

    private static async Task ShouldBe413Async(HttpResponseMessage response)
    {
        response.StatusCode.ShouldBe(HttpStatusCode.RequestEntityTooLarge);
        response.Content.Headers.ContentType!.MediaType.ShouldBe("application/problem+json");
        (await TestBytes.JsonAsync(response)).GetProperty("status").GetInt32().ShouldBe(413);
    }

    [Fact]
    public async Task a_raw_stream_over_the_limit_is_413_and_nothing_is_stored()
    {
        using var client = api.CreateClient();
        // No Content-Length: the limit must hold while streaming, not only on the declared size.
        var content = new StreamContent(new PseudoRandomStream(SmallLimitBlobApi.MaxSize + 1));
        content.Headers.ContentType = new MediaTypeHeaderValue("application/octet-stream");
        using var response = await client.PutAsync("/api/v1/Blob", content);
        await ShouldBe413Async(response);
    }

    [Fact]
    public async Task gzip_that_inflates_past_the_limit_is_413()
    {
        using var compressed = new MemoryStream();
        using (var gzip = new GZipStream(compressed, CompressionLevel.Optimal, leaveOpen: true))
        {
            gzip.Write(new byte[SmallLimitBlobApi.MaxSize * 2]);
        }

        using var client = api.CreateClient();
        using var response = await client.PutAsJsonAsync("/api/v1/Blob", new { body = Convert.ToBase64String(compressed.ToArray()), isCompressed = true });
        await ShouldBe413Async(response);
    }

    [Fact]
    public async Task a_json_request_over_its_own_limit_is_413()
    {
        using var client = api.CreateClient();
        // Buffered, so the size is declared: the in-memory server has no request-size feature to cut
        // a chunked body short (Kestrel has), and the route refuses on the declared size.
        using var content = JsonContent.Create(new { body = Convert.ToBase64String(new byte[SmallLimitBlobApi.MaxJson]) });
        await content.LoadIntoBufferAsync();
        using var response = await client.PutAsync("/api/v1/Blob", content);
        await ShouldBe413Async(response);
    }

    [Fact]
    public async Task exactly_the_limit_is_accepted()
    {
        using var client = api.CreateClient();
        using var response = await client.PutAsync("/api/v1/Blob", BlobApi.Raw(TestBytes.Random(SmallLimitBlobApi.MaxSize, seed: 71)));
        response.StatusCode.ShouldBe(HttpStatusCode.Created);
        _before = (_before.Blobs + 1, _before.Chunks + 1);
    }
}
