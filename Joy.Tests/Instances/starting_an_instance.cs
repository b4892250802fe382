using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;

namespace Joy.Tests.Instances;

/// <summary>PUT: bad requests list every problem and leave nothing behind; an idempotency key finds the same instance.</summary>
public sealed class starting_an_instance(InstanceHost host) : IClassFixture<InstanceHost>
{
    private async Task<long> InstanceCountAsync() => (long)(await host.QueryAsync("SELECT count(*) FROM joy.instances"))[0]!;

    [Fact]
    public async Task of_an_unknown_state_machine_is_404()
    {
        var before = await InstanceCountAsync();
        using var response = await host.Client.PutAsJsonAsync(Instances.Route, new JsonObject { ["name"] = "no-such-machine" });

        response.StatusCode.ShouldBe(HttpStatusCode.NotFound);
        response.Content.Headers.ContentType!.MediaType.ShouldBe("application/problem+json");
        (await InstanceCountAsync()).ShouldBe(before);
    }

    [Theory]
    [InlineData("{\"name\": \"judge\", \"priority\": \"high\"}", "$.priority", "line 1, byte 37")]
    [InlineData("{\"name\": \"judge\", ", "$", "line 1, byte 19")]
    public async Task with_unreadable_json_is_the_same_400_as_every_route_names_where(string body, string path, string position)
    {
        var before = await InstanceCountAsync();
        using var response = await host.Client.PutAsync(Instances.Route, new StringContent(body, System.Text.Encoding.UTF8, "application/json"));

        response.StatusCode.ShouldBe(HttpStatusCode.BadRequest);
        response.Content.Headers.ContentType!.MediaType.ShouldBe("application/problem+json");
        var problem = (await response.Content.ReadFromJsonAsync<JsonObject>())!;
        problem["title"]!.GetValue<string>().ShouldBe("One or more validation errors occurred.");
        problem["errors"]![path]![0]!.GetValue<string>().ShouldContain(position);
        problem.ToJsonString().ShouldNotContain("Joy.Application"); // no CLR type names
        problem.ContainsKey("lineNumber").ShouldBeFalse();
        (await InstanceCountAsync()).ShouldBe(before);
    }

    [Fact]
    public async Task with_missing_and_malformed_blobs_is_400_listing_each()
    {
        var before = await InstanceCountAsync();
        var missing = new string('a', 64);
        using var response = await host.Client.PutAsJsonAsync(Instances.Route, new JsonObject
        {
            ["name"] = "judge",
            ["initialBlobs"] = new JsonArray
            {
                new JsonObject { ["id"] = missing, ["name"] = "Main.c" },
                new JsonObject { ["id"] = "nope", ["name"] = "../escape" },
            },
        });

        response.StatusCode.ShouldBe(HttpStatusCode.BadRequest);
        var errors = (await response.Content.ReadFromJsonAsync<JsonObject>())!["errors"]!.AsObject();
        errors.Select(pair => pair.Key).Order().ShouldBe(["initialBlobs[1].id", "initialBlobs[1].name"]);

        using var onlyMissing = await host.Client.PutAsJsonAsync(Instances.Route, new JsonObject
        {
            ["name"] = "judge",
            ["initialBlobs"] = new JsonArray { new JsonObject { ["id"] = missing, ["name"] = "Main.c" } },
        });
        onlyMissing.StatusCode.ShouldBe(HttpStatusCode.BadRequest);
        (await onlyMissing.Content.ReadAsStringAsync()).ShouldContain($"There is no blob {missing}");
        (await InstanceCountAsync()).ShouldBe(before);
    }

    [Fact]
    public async Task twice_with_one_idempotency_key_returns_the_same_instance_even_concurrently()
    {
        var key = $"key-{Guid.NewGuid():N}";
        var blobs = await Judge.BlobsAsync(host.Client, "ce.c");
        JsonObject Request() => new() { ["name"] = "judge", ["initialBlobs"] = blobs.DeepClone(), ["idempotencyKey"] = key };

        var ids = await Task.WhenAll(Enumerable.Range(0, 5).Select(_ => Instances.StartAsync(host.Client, Request())));
        var again = await Instances.StartAsync(host.Client, Request());

        ids.Distinct().ShouldHaveSingleItem().ShouldBe(again);
        (await host.QueryAsync($"SELECT id FROM joy.instances WHERE idempotency_key = '{key}'")).ShouldHaveSingleItem();
        var instance = await Instances.WaitAsync(host.Client, again);
        instance["idempotencyKey"]!.GetValue<string>().ShouldBe(key);
        instance.Runs().Count.ShouldBe(1);
    }
}
