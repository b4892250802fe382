using System.Net;
using System.Net.Http.Headers;

namespace Joy.Tests.Blobs;

/// <summary>With 4 KiB chunks and 3 chunks per query, ranges cross chunk and batch boundaries.</summary>
public class reading_a_range(SmallChunkBlobApi api) : IClassFixture<SmallChunkBlobApi>, IAsyncLifetime
{
    private static readonly byte[] Content = TestBytes.Random(50_000, seed: 51);
    private string _id = "";

    public async Task InitializeAsync()
    {
        using var client = api.CreateClient();
        using var put = await client.PutAsync("/api/v1/Blob", BlobApi.Raw(Content));
        _id = (await TestBytes.JsonAsync(put)).GetProperty("id").GetString()!;
    }

    public Task DisposeAsync() => Task.CompletedTask;

    private async Task<HttpResponseMessage> GetRangeAsync(long? from, long? to)
    {
        using var client = api.CreateClient();
        var request = new HttpRequestMessage(HttpMethod.Get, $"/api/v1/Blob/{_id}");
        request.Headers.Accept.Add(new MediaTypeWithQualityHeaderValue("application/octet-stream"));
        request.Headers.Range = new RangeHeaderValue(from, to);
        return await client.SendAsync(request);
    }

    [Fact]
    public async Task the_first_bytes_are_206_with_content_range()
    {
        using var response = await GetRangeAsync(0, 9);
        response.StatusCode.ShouldBe(HttpStatusCode.PartialContent);
        response.Content.Headers.ContentRange!.ToString().ShouldBe($"bytes 0-9/{Content.Length}");
        (await response.Content.ReadAsByteArrayAsync()).ShouldBe(Content[..10]);
    }

    [Fact]
    public async Task a_middle_range_across_chunks_and_batches_is_exact()
    {
        // 4000..30000 starts inside chunk 0 and ends in chunk 7, past the first batch of 3.
        using var response = await GetRangeAsync(4000, 30000);
        response.StatusCode.ShouldBe(HttpStatusCode.PartialContent);
        response.Content.Headers.ContentLength.ShouldBe(26001);
        (await response.Content.ReadAsByteArrayAsync()).ShouldBe(Content[4000..30001]);
    }

    [Fact]
    public async Task a_suffix_range_is_the_last_bytes()
    {
        using var response = await GetRangeAsync(null, 100);
        response.StatusCode.ShouldBe(HttpStatusCode.PartialContent);
        response.Content.Headers.ContentRange!.ToString().ShouldBe($"bytes {Content.Length - 100}-{Content.Length - 1}/{Content.Length}");
        (await response.Content.ReadAsByteArrayAsync()).ShouldBe(Content[^100..]);
    }

    [Fact]
    public async Task a_range_past_the_end_is_416()
    {
        using var response = await GetRangeAsync(Content.Length + 10, null);
        response.StatusCode.ShouldBe(HttpStatusCode.RequestedRangeNotSatisfiable);
        response.Content.Headers.ContentRange!.ToString().ShouldBe($"bytes */{Content.Length}");
    }

    [Fact]
    public async Task the_whole_blob_reads_back_across_every_chunk()
    {
        using var client = api.CreateClient();
        var request = new HttpRequestMessage(HttpMethod.Get, $"/api/v1/Blob/{_id}");
        request.Headers.Accept.Add(new MediaTypeWithQualityHeaderValue("application/octet-stream"));
        using var response = await client.SendAsync(request);
        (await response.Content.ReadAsByteArrayAsync()).ShouldBe(Content);
    }
}
