using Microsoft.Extensions.Configuration;

namespace Joy.Tests.Infrastructure;

/// <summary>
/// The local environment that <c>scripts/env.sh up</c> brings up: a real PostgreSQL and real Docker
/// nodes. Its settings file (<c>joy.settings.json</c> in the state dir) is the same one the service
/// reads, so tests and the service see the same nodes.
/// </summary>
public static class TestEnvironment
{
    public const string DefaultStateDir = "/var/lib/joy-dev";

    private static readonly Lazy<IConfiguration> LazyConfiguration = new(Load);

    public static string StateDir =>
        Environment.GetEnvironmentVariable("JOY_STATE_DIR") is { Length: > 0 } dir ? dir : DefaultStateDir;

    public static string SettingsPath =>
        Environment.GetEnvironmentVariable("JOY_CONFIG") is { Length: > 0 } path
            ? path
            : Path.Combine(StateDir, "joy.settings.json");

    /// <summary>The environment's settings: <c>ConnectionStrings:Joy</c> and the <c>Joy</c> section.</summary>
    public static IConfiguration Configuration => LazyConfiguration.Value;

    public static string ConnectionString =>
        Configuration.GetConnectionString("Joy")
        ?? throw new InvalidOperationException($"ConnectionStrings:Joy is missing from {SettingsPath}.");

    /// <summary>
    /// The environment's admin key (<c>Joy:Auth:BootstrapKeyFile</c>, written by <c>scripts/env.sh</c>): every
    /// service a test starts over a fresh database stores it as its first key, so tests call the API as admin
    /// unless they ask for another role.
    /// </summary>
    public static string AdminKey => LazyAdminKey.Value;

    private static readonly Lazy<string> LazyAdminKey = new(() =>
        File.ReadAllText(Configuration["Joy:Auth:BootstrapKeyFile"]
            ?? throw new InvalidOperationException($"Joy:Auth:BootstrapKeyFile is missing from {SettingsPath}: run `bash scripts/env.sh up`.")).Trim());

    /// <summary>Sends <paramref name="key"/> (the admin key by default) on every request of the client.</summary>
    public static HttpClient Authorized(this HttpClient client, string? key = null)
    {
        client.DefaultRequestHeaders.Authorization = new System.Net.Http.Headers.AuthenticationHeaderValue("Bearer", key ?? AdminKey);
        return client;
    }

    private static IConfiguration Load()
    {
        if (!File.Exists(SettingsPath))
        {
            throw new InvalidOperationException(
                $"The local environment is not up: {SettingsPath} does not exist. Run `bash scripts/env.sh up` " +
                "(or the README's test command, which does it for you).");
        }

        return new ConfigurationBuilder()
            .AddJsonFile(SettingsPath, optional: false)
            .AddEnvironmentVariables()
            .Build();
    }
}
