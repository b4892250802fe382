using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using System.Text.Json.Nodes;
using Joy.Application.Security;
using Joy.Tests.Infrastructure;

namespace Joy.Tests.Security;

public sealed class managing_api_keys(SecuredHost host) : IClassFixture<SecuredHost>
{
    [Fact]
    public async Task a_new_key_is_shown_once_and_listed_without_its_secret()
    {
        using var admin = host.Host.CreateClient();
        using var created = await admin.PostAsJsonAsync("/api/v1/admin/keys", new { name = "ci-runner", role = "submitter" });
        created.StatusCode.ShouldBe(HttpStatusCode.Created);
        var body = JsonDocument.Parse(await created.Content.ReadAsStringAsync()).RootElement;
        var secret = body.GetProperty("secret").GetString()!;
        secret.ShouldStartWith("joy_");
        body.GetProperty("key").GetProperty("role").GetString().ShouldBe("submitter");
        body.GetProperty("key").GetProperty("createdBy").GetString().ShouldBe(ApiKeys.BootstrapName);

        var listed = await admin.GetStringAsync("/api/v1/admin/keys");
        listed.ShouldNotContain(secret);
        listed.ShouldNotContain(secret[8..]);
        var key = JsonDocument.Parse(listed).RootElement.EnumerateArray().Single(k => k.GetProperty("name").GetString() == "ci-runner");
        key.GetProperty("prefix").GetString().ShouldBe(secret[..8]);
        key.GetProperty("status").GetString().ShouldBe("active");

        using var itself = host.Host.CreateClient(secret);
        var me = JsonDocument.Parse(await itself.GetStringAsync("/api/v1/whoami")).RootElement;
        me.GetProperty("name").GetString().ShouldBe("ci-runner");
        me.GetProperty("role").GetString().ShouldBe("submitter");
        me.GetProperty("credential").GetString().ShouldBe("api-key");
    }

    [Fact]
    public async Task a_revoked_key_is_refused_from_its_next_request_and_its_name_is_not_reused()
    {
        var secret = await host.CreateKeyAsync("leaving", Role.Operator);
        using var client = host.Host.CreateClient(secret);
        (await client.GetAsync("/api/v1/Actor/All")).StatusCode.ShouldBe(HttpStatusCode.OK);

        using var admin = host.Host.CreateClient();
        using var revoked = await admin.DeleteAsync("/api/v1/admin/keys/leaving");
        revoked.StatusCode.ShouldBe(HttpStatusCode.OK);
        JsonDocument.Parse(await revoked.Content.ReadAsStringAsync()).RootElement.GetProperty("status").GetString().ShouldBe("revoked");

        using var refused = await client.GetAsync("/api/v1/Actor/All");
        refused.StatusCode.ShouldBe(HttpStatusCode.Unauthorized);
        (await refused.Content.ReadAsStringAsync()).ShouldContain("'leaving' was revoked");

        using var again = await admin.PostAsJsonAsync("/api/v1/admin/keys", new { name = "leaving", role = "reader" });
        again.StatusCode.ShouldBe(HttpStatusCode.Conflict);
        (await admin.DeleteAsync("/api/v1/admin/keys/never-made")).StatusCode.ShouldBe(HttpStatusCode.NotFound);
    }

    [Fact]
    public async Task an_expired_key_is_refused()
    {
        var secret = await host.CreateKeyAsync("short-lived", Role.Reader, DateTimeOffset.UtcNow.AddSeconds(2));
        using var client = host.Host.CreateClient(secret);
        (await client.GetAsync("/api/v1/whoami")).StatusCode.ShouldBe(HttpStatusCode.OK);

        await Task.Delay(TimeSpan.FromSeconds(2.5));
        using var refused = await client.GetAsync("/api/v1/whoami");
        refused.StatusCode.ShouldBe(HttpStatusCode.Unauthorized);
        (await refused.Content.ReadAsStringAsync()).ShouldContain("'short-lived' expired");
        refused.Headers.WwwAuthenticate.ToString().ShouldBe("Bearer");
    }

    [Theory]
    [InlineData("joy_AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA", "not known")]
    [InlineData("eyJhbGciOiJub25lIn0.e30.", "not a Joy API key")]
    public async Task an_unknown_or_foreign_token_is_refused(string token, string detail)
    {
        using var client = host.Host.CreateClient(token);
        using var refused = await client.GetAsync("/api/v1/Actor/All");
        refused.StatusCode.ShouldBe(HttpStatusCode.Unauthorized);
        (await refused.Content.ReadAsStringAsync()).ShouldContain(detail);
    }

    [Fact]
    public async Task bad_input_lists_every_problem_and_makes_no_key()
    {
        var before = await host.CountWrittenAsync();
        using var admin = host.Host.CreateClient();
        using var response = await admin.PostAsJsonAsync("/api/v1/admin/keys",
            new { name = "has spaces", role = "root", expiresAt = DateTimeOffset.UtcNow.AddDays(-1) });

        response.StatusCode.ShouldBe(HttpStatusCode.BadRequest);
        var errors = JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement.GetProperty("errors");
        errors.EnumerateObject().Select(e => e.Name).Order().ShouldBe(["expiresAt", "name", "role"]);
        (await host.CountWrittenAsync()).ShouldBe(before);
    }

    [Theory]
    [InlineData("{\"name\": \"ops\", \"role\": \"reader\", \"expiresAt\": 5}", "$.expiresAt", "line 1")]
    [InlineData("{\"name\": \"ops\", ", "$", "line 1")]
    public async Task unreadable_json_is_the_same_400_as_every_route_names_where(string body, string path, string position)
    {
        var before = await host.CountWrittenAsync();
        using var admin = host.Host.CreateClient();
        using var response = await admin.PostAsync("/api/v1/admin/keys", new StringContent(body, System.Text.Encoding.UTF8, "application/json"));

        response.StatusCode.ShouldBe(HttpStatusCode.BadRequest);
        response.Content.Headers.ContentType!.MediaType.ShouldBe("application/problem+json");
        var problem = (await response.Content.ReadFromJsonAsync<JsonObject>())!;
        problem["title"]!.GetValue<string>().ShouldBe("One or more validation errors occurred.");
        problem["errors"]![path]![0]!.GetValue<string>().ShouldContain(position);
        problem.ToJsonString().ShouldNotContain("Joy.Application");
        (await host.CountWrittenAsync()).ShouldBe(before);
    }

    [Theory]
    [InlineData("")]
    [InlineData("null")]
    public async Task an_empty_or_null_body_is_a_400_problem_not_a_crash(string body)
    {
        var before = await host.CountWrittenAsync();
        using var admin = host.Host.CreateClient();
        using var response = await admin.PostAsync("/api/v1/admin/keys", new StringContent(body, System.Text.Encoding.UTF8, "application/json"));

        response.StatusCode.ShouldBe(HttpStatusCode.BadRequest);
        response.Content.Headers.ContentType!.MediaType.ShouldBe("application/problem+json");
        (await host.CountWrittenAsync()).ShouldBe(before);
    }
}
