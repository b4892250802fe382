using System.Net;
using System.Text.Json;

namespace Joy.Tests.Blobs;

public class listing_blobs(BlobApi api) : IClassFixture<BlobApi>
{
    [Fact]
    public async Task pages_through_every_blob_in_id_order_without_bodies()
    {
        using var client = api.CreateClient();
        var ids = new List<string>();
        for (var i = 0; i < 5; i++)
        {
            using var put = await client.PutAsync($"/api/v1/Blob?remark=r{i}", BlobApi.Raw(TestBytes.Random(100 + i, seed: 60 + i)));
            ids.Add((await TestBytes.JsonAsync(put)).GetProperty("id").GetString()!);
        }

        var seen = new List<string>();
        var pageSizes = new List<int>();
        string? after = null;
        do
        {
            using var response = await client.GetAsync($"/api/v1/Blob/All?limit=2{(after is null ? "" : $"&after={after}")}");
            response.StatusCode.ShouldBe(HttpStatusCode.OK);
            var page = await TestBytes.JsonAsync(response);
            var items = page.GetProperty("items").EnumerateArray().ToList();
            items.ShouldAllBe(item => item.EnumerateObject().All(p => p.Name != "body"));
            seen.AddRange(items.Select(item => item.GetProperty("id").GetString()!));
            pageSizes.Add(items.Count);
            after = page.GetProperty("next").ValueKind == JsonValueKind.Null ? null : page.GetProperty("next").GetString();
        }
        while (after is not null);

        pageSizes.ShouldBe([2, 2, 1]);
        seen.ShouldBe(ids.Order(StringComparer.Ordinal).ToList());
    }

    [Fact]
    public async Task a_bad_limit_and_a_bad_after_are_both_reported()
    {
        using var client = api.CreateClient();
        using var response = await client.GetAsync("/api/v1/Blob/All?limit=0&after=xyz");
        response.StatusCode.ShouldBe(HttpStatusCode.BadRequest);
        (await TestBytes.ErrorFieldsAsync(response)).ShouldBe(["after", "limit"]);
    }

    [Fact]
    public async Task a_limit_that_is_not_a_number_is_a_problem_not_a_crash()
    {
        using var client = api.CreateClient();
        using var response = await client.GetAsync("/api/v1/Blob/All?limit=many");
        response.StatusCode.ShouldBe(HttpStatusCode.BadRequest);
        response.Content.Headers.ContentType!.MediaType.ShouldBe("application/problem+json");
        (await response.Content.ReadAsStringAsync()).ShouldNotContain("   at ");
        var problem = await TestBytes.JsonAsync(response);
        problem.GetProperty("title").GetString().ShouldBe("One or more validation errors occurred."); // the shape of every 400 listing problems
        problem.GetProperty("errors").GetProperty("limit")[0].GetString().ShouldBe("'many' is not a whole number.");
        problem.TryGetProperty("traceId", out _).ShouldBeTrue();
    }

    [Fact]
    public async Task a_limit_that_is_a_number_is_read_as_one()
    {
        using var client = api.CreateClient(); // without adding blobs: the first test counts the fixture's
        using var tooMany = await client.GetAsync("/api/v1/Blob/All?limit=1001");
        (await TestBytes.JsonAsync(tooMany)).GetProperty("errors").GetProperty("limit")[0].GetString().ShouldBe("Must be between 1 and 1000.");
        using var response = await client.GetAsync("/api/v1/Blob/All?limit=1000");
        response.StatusCode.ShouldBe(HttpStatusCode.OK);
    }
}
