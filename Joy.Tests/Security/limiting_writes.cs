using System.Net;
using System.Text.Json;
using Joy.Application.Security;
using Joy.Tests.Blobs;
using Joy.Tests.Infrastructure;

namespace Joy.Tests.Security;

/// <summary>Four writes at once (the fixture makes its four keys in one burst), then one a second, per principal.</summary>
public sealed class TightlyLimitedHost : SecuredHost
{
    protected override Dictionary<string, string?> Settings => new()
    {
        ["Joy:Auth:RateLimit:WritesPerSecond"] = "1",
        ["Joy:Auth:RateLimit:Burst"] = "4",
    };
}

public sealed class limiting_writes(TightlyLimitedHost host) : IClassFixture<TightlyLimitedHost>
{
    [Fact]
    public async Task a_principal_over_its_writes_gets_429_with_retry_after_and_its_write_is_not_done()
    {
        using var client = host.Host.CreateClient(host.KeyOf(Role.Submitter));
        var statuses = new List<HttpStatusCode>();
        for (var i = 0; i < 4; i++)
        {
            using var accepted = await client.PutAsync("/api/v1/Blob", BlobApi.Raw([(byte)i, 1, 2, 3]));
            statuses.Add(accepted.StatusCode);
        }

        statuses.ShouldAllBe(s => s == HttpStatusCode.Created);
        var before = await host.CountWrittenAsync();
        using var refused = await client.PutAsync("/api/v1/Blob", BlobApi.Raw([9, 9, 9, 9]));

        refused.StatusCode.ShouldBe(HttpStatusCode.TooManyRequests);
        refused.Headers.RetryAfter!.Delta!.Value.TotalSeconds.ShouldBeInRange(1, 2);
        var problem = JsonDocument.Parse(await refused.Content.ReadAsStringAsync()).RootElement;
        problem.GetProperty("status").GetInt32().ShouldBe(429);
        problem.GetProperty("detail").GetString()!.ShouldContain("'submitter' may make 1 writes a second");
        (await host.CountWrittenAsync()).ShouldBe(before);

        // Reads are never limited, and another principal has its own bucket.
        (await client.GetAsync("/api/v1/Blob/All")).StatusCode.ShouldBe(HttpStatusCode.OK);
        using var other = host.Host.CreateClient(host.KeyOf(Role.Operator));
        (await other.PutAsync("/api/v1/Blob", BlobApi.Raw([7, 7, 7, 7]))).StatusCode.ShouldBe(HttpStatusCode.Created);

        await Task.Delay(refused.Headers.RetryAfter.Delta.Value);
        (await client.PutAsync("/api/v1/Blob", BlobApi.Raw([9, 9, 9, 9]))).StatusCode.ShouldBe(HttpStatusCode.Created);
    }
}
