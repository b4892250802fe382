using System.Diagnostics;
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

        // The bucket gives one write back on a timer every second, whenever that falls: writes made across a tick
        // may get one more each, so the burst is bounded by the ticks the writes spanned, not assumed to fit in one.
        var clock = Stopwatch.StartNew();
        var accepted = 0;
        HttpResponseMessage? refused = null;
        string before = "";
        while (refused is null && accepted < 40)
        {
            before = await host.CountWrittenAsync();
            var response = await client.PutAsync("/api/v1/Blob", BlobApi.Raw([(byte)accepted, 1, 2, 3]));
            if (response.StatusCode == HttpStatusCode.TooManyRequests)
            {
                refused = response;
            }
            else
            {
                response.StatusCode.ShouldBe(HttpStatusCode.Created);
                response.Dispose();
                accepted++;
            }
        }

        var ticks = (int)clock.Elapsed.TotalSeconds + 1;
        refused.ShouldNotBeNull($"{accepted} writes in {clock.Elapsed.TotalSeconds:0.0} s were never refused");
        accepted.ShouldBeInRange(4, 4 + ticks);
        using var _ = refused;
        var refusedContent = BlobApi.Raw([(byte)accepted, 1, 2, 3]);

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
        (await client.PutAsync("/api/v1/Blob", refusedContent)).StatusCode.ShouldBe(HttpStatusCode.Created);
    }
}
