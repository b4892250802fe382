using System.Net;
using static Joy.Tests.Definitions.DefinitionsApi;

namespace Joy.Tests.Definitions;

public class the_openapi_document_of_definitions(DefinitionsApi api) : IClassFixture<DefinitionsApi>
{
    [Theory]
    [InlineData("/api/v1/{0}", "put", new[] { "201", "400", "401", "403", "409" })]
    [InlineData("/api/v1/{0}/All", "get", new[] { "200", "401", "403" })]
    [InlineData("/api/v1/{0}/{{name}}", "get", new[] { "200", "400", "401", "403", "404" })]
    [InlineData("/api/v1/{0}/{{name}}", "patch", new[] { "200", "400", "401", "403", "404", "409" })]
    [InlineData("/api/v1/{0}/{{name}}", "delete", new[] { "204", "400", "401", "403", "404", "409" })]
    public async Task lists_each_status_of_each_route(string pathFormat, string method, string[] statuses)
    {
        using var client = api.CreateClient();
        var paths = (await ShouldBeAsync(await client.GetAsync("/openapi/v1.json"), HttpStatusCode.OK)).GetProperty("paths");
        foreach (var resource in new[] { "Actor", "StateMachine" })
        {
            var responses = paths.GetProperty(string.Format(System.Globalization.CultureInfo.InvariantCulture, pathFormat, resource))
                .GetProperty(method).GetProperty("responses");
            responses.EnumerateObject().Select(r => r.Name).Order().ToArray().ShouldBe(statuses, $"{method} {resource}");
        }
    }
}
