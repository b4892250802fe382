using Microsoft.AspNetCore.Mvc.Testing;

namespace Joy.Tests.Web;

public class the_openapi_document(WebApplicationFactory<Program> factory) : IClassFixture<WebApplicationFactory<Program>>
{
    [Fact]
    public async Task is_served_as_json()
    {
        using var client = factory.CreateClient();
        using var response = await client.GetAsync("/openapi/v1.json");
        response.StatusCode.ShouldBe(System.Net.HttpStatusCode.OK);
        (await response.Content.ReadAsStringAsync()).ShouldContain("\"openapi\"");
    }
}
