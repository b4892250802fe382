using System.Net;
using System.Net.Http.Headers;
using System.Security.Cryptography;

namespace Joy.Tests.Blobs;

/// <summary>
/// The one big test: bytes are generated and hashed as they stream, never held whole, over a real
/// socket, so Kestrel's default 30 MB request limit would cut it short if the route did not lift it.
/// </summary>
public class streaming_a_300_mb_blob(KestrelBlobApi api) : IClassFixture<KestrelBlobApi>
{
    private const long Size = 300L * 1024 * 1024;

    [Fact]
    public async Task comes_back_byte_for_byte()
    {
        var expected = await TestBytes.Sha256Async(new PseudoRandomStream(Size));
        using var client = api.CreateClient();
        client.Timeout = TimeSpan.FromMinutes(2);

        var upload = new StreamContent(new PseudoRandomStream(Size), 1 << 20);
        upload.Headers.ContentType = new MediaTypeHeaderValue("application/octet-stream");
        using var put = await client.PutAsync("/api/v1/Blob", upload);
        put.StatusCode.ShouldBe(HttpStatusCode.Created);
        (await TestBytes.JsonAsync(put)).GetProperty("id").GetString().ShouldBe(expected);

        using var request = new HttpRequestMessage(HttpMethod.Get, $"/api/v1/Blob/{expected}");
        request.Headers.Accept.Add(new MediaTypeWithQualityHeaderValue("application/octet-stream"));
        using var get = await client.SendAsync(request, HttpCompletionOption.ResponseHeadersRead);
        get.StatusCode.ShouldBe(HttpStatusCode.OK);
        get.Content.Headers.ContentLength.ShouldBe(Size);
        await using var body = await get.Content.ReadAsStreamAsync();
        using var hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        var buffer = new byte[1 << 20];
        long total = 0;
        int read;
        while ((read = await body.ReadAsync(buffer)) > 0)
        {
            hash.AppendData(buffer, 0, read);
            total += read;
        }

        total.ShouldBe(Size);
        Convert.ToHexStringLower(hash.GetHashAndReset()).ShouldBe(expected);
    }
}
