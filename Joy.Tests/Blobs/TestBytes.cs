using System.Security.Cryptography;
using System.Text.Json;

namespace Joy.Tests.Blobs;

internal static class TestBytes
{
    /// <summary>Deterministic, incompressible-looking bytes.</summary>
    public static byte[] Random(int length, int seed = 1)
    {
        var bytes = new byte[length];
        new Random(seed).NextBytes(bytes);
        return bytes;
    }

    public static string Sha256(byte[] bytes) => Convert.ToHexStringLower(SHA256.HashData(bytes));

    public static async Task<string> Sha256Async(Stream stream) => Convert.ToHexStringLower(await SHA256.HashDataAsync(stream));

    public static async Task<JsonElement> JsonAsync(HttpResponseMessage response)
    {
        using var document = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        return document.RootElement.Clone();
    }

    /// <summary>The field names of a ValidationProblem's <c>errors</c>.</summary>
    public static async Task<string[]> ErrorFieldsAsync(HttpResponseMessage response)
    {
        var problem = await JsonAsync(response);
        return problem.GetProperty("errors").EnumerateObject().Select(p => p.Name).Order().ToArray();
    }
}
