using System.Net;
using Joy.Tests.Infrastructure;
using static Joy.Tests.Definitions.DefinitionsApi;

namespace Joy.Tests.Security;

/// <summary>
/// Bearer tokens of the configured OIDC issuer (Joy:Auth:Jwt): the token's role claim is the principal's role, its
/// subject the principal's name; an expired token, one for another audience, one signed by an unknown key or with
/// no Joy role is a 401 that says which.
/// </summary>
public class authenticating_with_an_issuer_token(JwtHost host) : IClassFixture<JwtHost>
{
    [Fact]
    public async Task the_role_claim_is_the_role_and_the_subject_the_name()
    {
        using var client = host.Client(host.Issuer.Token("alice@example.org", JwtHost.Audience, Role("submitter")));

        var caller = await ShouldBeAsync(await client.GetAsync("/api/v1/whoami"), HttpStatusCode.OK);
        caller.GetProperty("name").GetString().ShouldBe("alice@example.org");
        caller.GetProperty("role").GetString().ShouldBe("submitter");
        caller.GetProperty("credential").GetString().ShouldBe("jwt");
        var refused = await ShouldBeAsync(await client.PutAsync("/api/v1/Actor", Actor("jwt-submitter-write")), HttpStatusCode.Forbidden);
        refused.GetProperty("detail").GetString()!.ShouldContain("'alice@example.org' has submitter");
    }

    [Fact]
    public async Task of_several_role_values_the_highest_joy_role_counts()
    {
        var roles = new Dictionary<string, object> { ["role"] = new[] { "reader", "staff", "operator" } };
        using var client = host.Client(host.Issuer.Token("bob", JwtHost.Audience, roles));

        await ShouldBeAsync(await client.PutAsync("/api/v1/Actor", Actor("jwt-operator-write")), HttpStatusCode.Created);
        var caller = await ShouldBeAsync(await client.GetAsync("/api/v1/whoami"), HttpStatusCode.OK);
        caller.GetProperty("role").GetString().ShouldBe("operator");
    }

    [Fact]
    public async Task a_role_joy_does_not_know_is_401_naming_it()
    {
        using var client = host.Client(host.Issuer.Token("carol", JwtHost.Audience, Role("superuser")));

        var problem = await ShouldBeAsync(await client.GetAsync("/api/v1/whoami"), HttpStatusCode.Unauthorized);
        problem.GetProperty("detail").GetString()!.ShouldContain("'superuser'");
        problem.GetProperty("detail").GetString()!.ShouldContain("names no Joy role");
    }

    [Fact]
    public async Task an_expired_token_is_401()
    {
        using var client = host.Client(host.Issuer.Token("dave", JwtHost.Audience, Role("admin"), expiresIn: TimeSpan.FromMinutes(-10)));

        var problem = await ShouldBeAsync(await client.GetAsync("/api/v1/whoami"), HttpStatusCode.Unauthorized);
        problem.GetProperty("detail").GetString()!.ShouldStartWith("The token expired at");
    }

    [Fact]
    public async Task a_token_for_another_audience_is_401()
    {
        using var client = host.Client(host.Issuer.Token("erin", "another-service", Role("admin")));

        var problem = await ShouldBeAsync(await client.GetAsync("/api/v1/whoami"), HttpStatusCode.Unauthorized);
        problem.GetProperty("detail").GetString()!.ShouldContain("its audience is not 'joy-tests'");
    }

    [Fact]
    public async Task a_token_signed_by_a_key_the_issuer_does_not_publish_is_401()
    {
        using var client = host.Client(host.Issuer.Token("frank", JwtHost.Audience, Role("admin"), signedByAnotherKey: true));

        var problem = await ShouldBeAsync(await client.GetAsync("/api/v1/whoami"), HttpStatusCode.Unauthorized);
        problem.GetProperty("detail").GetString()!.ShouldContain("signature does not match");
    }

    [Fact]
    public async Task api_keys_still_work_beside_the_issuer()
    {
        using var client = host.Client(TestEnvironment.AdminKey);

        var caller = await ShouldBeAsync(await client.GetAsync("/api/v1/whoami"), HttpStatusCode.OK);
        caller.GetProperty("credential").GetString().ShouldBe("api-key");
    }

    private static Dictionary<string, object> Role(string role) => new() { ["role"] = role };
}
