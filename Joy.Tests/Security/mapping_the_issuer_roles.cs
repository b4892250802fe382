using System.Net;
using static Joy.Tests.Definitions.DefinitionsApi;

namespace Joy.Tests.Security;

/// <summary>
/// Joy:Auth:Jwt:Roles maps the issuer's own values (here of a <c>groups</c> claim) to Joy roles, and NameClaim picks
/// the claim naming the principal. With a map set, only mapped values count: a group that happens to be called
/// <c>admin</c> at the issuer is not Joy's admin.
/// </summary>
public class mapping_the_issuer_roles(MappedRolesJwtHost host) : IClassFixture<MappedRolesJwtHost>
{
    [Fact]
    public async Task a_mapped_group_is_its_joy_role_and_the_name_claim_names_the_principal()
    {
        var claims = new Dictionary<string, object> { ["groups"] = new[] { "everyone", "platform-team" }, ["email"] = "grace@example.org" };
        using var client = host.Client(host.Issuer.Token("subject-1", JwtHost.Audience, claims));

        var caller = await ShouldBeAsync(await client.GetAsync("/api/v1/whoami"), HttpStatusCode.OK);
        caller.GetProperty("name").GetString().ShouldBe("grace@example.org");
        caller.GetProperty("role").GetString().ShouldBe("operator");
    }

    [Fact]
    public async Task a_joy_role_name_outside_the_map_counts_for_nothing()
    {
        var claims = new Dictionary<string, object> { ["groups"] = "admin", ["email"] = "heidi@example.org" };
        using var client = host.Client(host.Issuer.Token("subject-2", JwtHost.Audience, claims));

        var problem = await ShouldBeAsync(await client.GetAsync("/api/v1/whoami"), HttpStatusCode.Unauthorized);
        problem.GetProperty("detail").GetString()!.ShouldContain("'groups' claim ('admin') names no Joy role");
        problem.GetProperty("detail").GetString()!.ShouldContain("Joy:Auth:Jwt:Roles");
    }

    [Fact]
    public async Task a_token_without_the_name_claim_is_401()
    {
        using var client = host.Client(host.Issuer.Token("subject-3", JwtHost.Audience, new Dictionary<string, object> { ["groups"] = "everyone" }));

        var problem = await ShouldBeAsync(await client.GetAsync("/api/v1/whoami"), HttpStatusCode.Unauthorized);
        problem.GetProperty("detail").GetString()!.ShouldContain("no 'email' claim");
    }
}
