using System.Net.Http.Headers;
using Microsoft.Extensions.Configuration;

namespace Joy.Bench;

/// <summary>
/// The environment's admin key (<c>Joy:Auth:BootstrapKeyFile</c> of JOY_CONFIG): every service a benchmark starts
/// over a fresh database stores it as its first key, so the benchmark's clients send it.
/// </summary>
public static class BenchKey
{
    private static readonly Lazy<string> Key = new(() =>
    {
        var settings = Environment.GetEnvironmentVariable("JOY_CONFIG") is { Length: > 0 } path
            ? path
            : Path.Combine(Environment.GetEnvironmentVariable("JOY_STATE_DIR") is { Length: > 0 } dir ? dir : "/var/lib/joy-dev", "joy.settings.json");
        var file = new ConfigurationBuilder().AddJsonFile(settings, optional: true).AddEnvironmentVariables().Build()["Joy:Auth:BootstrapKeyFile"]
            ?? throw new InvalidOperationException($"Joy:Auth:BootstrapKeyFile is not set ({settings}): run `bash scripts/env.sh up`.");
        return File.ReadAllText(file).Trim();
    });

    public static HttpClient Authorized(this HttpClient client)
    {
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", Key.Value);
        return client;
    }
}
