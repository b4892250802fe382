using System.Net;
using static Joy.Tests.Definitions.DefinitionsApi;

namespace Joy.Tests.Definitions;

/// <summary>An actor that asks for what would loosen its container: 400 naming every such field, nothing stored.</summary>
public class asking_for_host_privileges(DefinitionsApi api) : IClassFixture<DefinitionsApi>
{
    [Fact]
    public async Task is_400_listing_privileged_mode_devices_host_mounts_and_the_host_network()
    {
        using var client = api.CreateClient();
        var before = await api.CountStoredAsync();

        using var response = await client.PutAsync("/api/v1/Actor", Actor("escape",
            "'script': 'id', 'privileged': true, 'devices': ['/dev/sda'], 'binds': ['/:/host'], 'networkMode': 'host', " +
            "'limitation': {'capAdd': ['SYS_ADMIN'], 'memory': 1048576}"));

        var problem = await ShouldBeAsync(response, HttpStatusCode.BadRequest);
        var errors = problem.GetProperty("errors");
        errors.EnumerateObject().Select(error => error.Name).Order(StringComparer.Ordinal)
            .ShouldBe(["/binds", "/devices", "/limitation/capAdd", "/networkMode", "/privileged"]);
        errors.GetProperty("/privileged")[0].GetString()!.ShouldContain("Actors cannot ask for this");
        (await api.CountStoredAsync()).ShouldBe(before);
    }
}
