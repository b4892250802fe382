using System.Text.Json;
using Joy.Tests.Infrastructure;

namespace Joy.Tests.Security;

/// <summary>The OpenAPI document says how to authenticate and which role each operation needs.</summary>
public sealed class the_openapi_security(SecuredHost host) : IClassFixture<SecuredHost>
{
    [Fact]
    public async Task lists_the_schemes_and_each_operation_needs_one_with_its_role()
    {
        using var anonymous = host.Host.CreateAnonymousClient();
        var document = JsonDocument.Parse(await anonymous.GetStringAsync("/openapi/v1.json")).RootElement;

        var schemes = document.GetProperty("components").GetProperty("securitySchemes");
        schemes.GetProperty("bearer").GetProperty("type").GetString().ShouldBe("http");
        schemes.GetProperty("bearer").GetProperty("scheme").GetString().ShouldBe("bearer");
        schemes.GetProperty("clientCertificate").GetProperty("type").GetString().ShouldBe("mutualTLS");

        var start = document.GetProperty("paths").GetProperty("/api/v1/StateMachineInstance").GetProperty("put");
        start.GetProperty("x-joy-role").GetString().ShouldBe("submitter");
        start.GetProperty("security").EnumerateArray().SelectMany(r => r.EnumerateObject().Select(p => p.Name)).Order()
            .ShouldBe(["bearer", "clientCertificate"]);
        start.GetProperty("responses").EnumerateObject().Select(r => r.Name).ShouldContain("401");
        start.GetProperty("responses").EnumerateObject().Select(r => r.Name).ShouldContain("403");
        document.GetProperty("paths").GetProperty("/api/v1/admin/keys").GetProperty("post").GetProperty("x-joy-role").GetString().ShouldBe("admin");
        document.GetProperty("paths").GetProperty("/health").GetProperty("get").TryGetProperty("security", out _).ShouldBeFalse();
    }
}
