using System.Net;

namespace Joy.Tests.Blobs;

public class uploading_the_same_content_concurrently(BlobApi api) : IClassFixture<BlobApi>
{
    [Fact]
    public async Task stores_one_copy_and_gives_every_caller_the_same_id()
    {
        var content = TestBytes.Random(2_500_000, seed: 41); // three chunks each
        using var client = api.CreateClient();
        var before = await api.CountRowsAsync();

        var uploads = Enumerable.Range(0, 8).Select(async _ =>
        {
            using var put = await client.PutAsync("/api/v1/Blob", BlobApi.Raw(content));
            return (put.StatusCode, Id: (await TestBytes.JsonAsync(put)).GetProperty("id").GetString());
        });
        var results = await Task.WhenAll(uploads);

        results.Select(r => r.Id).Distinct().ShouldBe([TestBytes.Sha256(content)]);
        results.Count(r => r.StatusCode == HttpStatusCode.Created).ShouldBe(1);
        results.Count(r => r.StatusCode == HttpStatusCode.OK).ShouldBe(7);
        (await api.CountRowsAsync()).ShouldBe((before.Blobs + 1, before.Chunks + 3));
    }
}
