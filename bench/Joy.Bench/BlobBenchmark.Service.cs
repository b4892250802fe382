using System.Buffers;
using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Security.Cryptography;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;

namespace Joy.Bench;

public static partial class BlobBenchmark
{
    /// <summary>The real Joy.Web host on Kestrel at 127.0.0.1 (a real socket), driven by HttpClient.</summary>
    private static async Task<Measured> ThroughServiceAsync(string connectionString, long size, int runs, long warmUp)
    {
        await using var factory = new WebApplicationFactory<Program>().WithWebHostBuilder(host =>
        {
            host.UseEnvironment("Production");
            host.ConfigureAppConfiguration((_, configuration) => configuration.AddInMemoryCollection(new Dictionary<string, string?>
            {
                ["ConnectionStrings:Joy"] = connectionString,
                ["Logging:LogLevel:Default"] = "Warning",
            }));
        });
        factory.UseKestrel(kestrel => kestrel.Listen(IPAddress.Loopback, 0));
        factory.StartServer();
        var address = factory.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        using var client = new HttpClient { BaseAddress = new Uri(address), Timeout = TimeSpan.FromMinutes(5) }.Authorized();

        // JIT, connection pools and the schema, before anything is timed.
        await DownloadAsync(client, await UploadAsync(client, warmUp, seed: -1));

        var measured = new List<Measured>();
        for (var run = 0; run < runs; run++)
        {
            // A new seed per run: the same bytes again would be deduplicated, not stored.
            string id = "";
            var up = await MeasureAsync($"Joy PUT (octet-stream) #{run + 1}", size, async () => id = await UploadAsync(client, size, run));
            var down = await MeasureAsync($"Joy GET (octet-stream) #{run + 1}", size, () => DownloadAsync(client, id));
            measured.Add(new Measured(up, down));
        }

        return Measured.Summarize(measured);
    }

    private static async Task<string> UploadAsync(HttpClient client, long size, int seed)
    {
        var content = new StreamContent(new GeneratedStream(size, seed), 1 << 20);
        content.Headers.ContentType = new MediaTypeHeaderValue("application/octet-stream");
        content.Headers.ContentLength = size;
        using var response = await client.PutAsync("/api/v1/Blob", content);
        response.EnsureSuccessStatusCode();
        var body = await response.Content.ReadFromJsonAsync<Dictionary<string, string>>();
        return body!["id"];
    }

    private static async Task DownloadAsync(HttpClient client, string id)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, $"/api/v1/Blob/{id}");
        request.Headers.Accept.Add(new MediaTypeWithQualityHeaderValue("application/octet-stream"));
        using var response = await client.SendAsync(request, HttpCompletionOption.ResponseHeadersRead);
        response.EnsureSuccessStatusCode();
        await using var body = await response.Content.ReadAsStreamAsync();
        using var hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        var buffer = ArrayPool<byte>.Shared.Rent(1 << 20);
        try
        {
            int read;
            while ((read = await body.ReadAsync(buffer.AsMemory(0, 1 << 20))) > 0)
            {
                hash.AppendData(buffer, 0, read);
            }
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(buffer);
        }

        var actual = Convert.ToHexStringLower(hash.GetHashAndReset());
        if (actual != id)
        {
            throw new InvalidOperationException($"Downloaded bytes hash to {actual}, not {id}.");
        }
    }
}
