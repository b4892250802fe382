using Joy.Tests.Infrastructure;

namespace Joy.Tests.Web;

public class the_openapi_document(JoyWebFactory factory) : IClassFixture<JoyWebFactory>
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
