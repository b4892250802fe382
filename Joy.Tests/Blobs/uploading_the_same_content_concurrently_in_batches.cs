using System.Net;

namespace Joy.Tests.Blobs;

/// <summary>4 KiB chunks: each upload stages many committed batches before the race to publish.</summary>
public class uploading_the_same_content_concurrently_in_batches(SmallChunkBlobApi api) : IClassFixture<SmallChunkBlobApi>
{
    [Fact]
    public async Task stores_one_copy_and_leaves_no_staged_chunks_behind()
    {
        var content = TestBytes.Random(25 * SmallChunkBlobApi.ChunkSize + 100, seed: 93); // 26 chunks, 7 batches
        using var client = api.CreateClient();
        var before = await api.CountRowsAsync();

        var results = await Task.WhenAll(Enumerable.Range(0, 8).Select(async _ =>
        {
            using var put = await client.PutAsync("/api/v1/Blob", BlobApi.Raw(content));
            return (put.StatusCode, Id: (await TestBytes.JsonAsync(put)).GetProperty("id").GetString());
        }));

        results.Select(r => r.Id).Distinct().ShouldBe([TestBytes.Sha256(content)]);
        results.Count(r => r.StatusCode == HttpStatusCode.Created).ShouldBe(1);
        (await api.CountRowsAsync()).ShouldBe((before.Blobs + 1, before.Chunks + 26));
        (await api.CountStagedAsync()).ShouldBe((0, 0));
        using var get = new HttpRequestMessage(HttpMethod.Get, $"/api/v1/Blob/{TestBytes.Sha256(content)}");
        get.Headers.Accept.ParseAdd("application/octet-stream");
        using var read = await client.SendAsync(get);
        (await read.Content.ReadAsByteArrayAsync()).ShouldBe(content);
    }
}
