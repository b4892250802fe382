using System.Net;
using System.Text.Json;
using Joy.Application.Security;
using Joy.Tests.Infrastructure;

namespace Joy.Tests.Security;

/// <summary>
/// Nothing is open by default: a first start makes the admin key <c>bootstrap</c> from the key file (written when
/// missing, readable by its owner only); later starts make none.
/// </summary>
public sealed class starting_for_the_first_time : IAsyncLifetime
{
    private readonly TestDatabase _database = new();
    private readonly string _dir = Directory.CreateTempSubdirectory("joy-bootstrap-").FullName;

    public Task InitializeAsync() => _database.InitializeAsync();

    [Fact]
    public async Task writes_the_key_file_and_makes_its_key_the_only_admin()
    {
        var file = Path.Combine(_dir, "admin.key");
        await using (var first = await StartAsync(file))
        {
            File.Exists(file).ShouldBeTrue();
            (OperatingSystem.IsWindows() ? default : File.GetUnixFileMode(file)).ShouldBe(UnixFileMode.UserRead | UnixFileMode.UserWrite);
            var secret = (await File.ReadAllTextAsync(file)).Trim();
            secret.ShouldNotBe(TestEnvironment.AdminKey);

            using var anonymous = first.CreateAnonymousClient();
            (await anonymous.GetAsync("/api/v1/Actor/All")).StatusCode.ShouldBe(HttpStatusCode.Unauthorized);
            using var admin = first.CreateClient(secret);
            var me = JsonDocument.Parse(await admin.GetStringAsync("/api/v1/whoami")).RootElement;
            me.GetProperty("name").GetString().ShouldBe(ApiKeys.BootstrapName);
            me.GetProperty("role").GetString().ShouldBe("admin");
        }

        // Another start over the same database with another file: a key was made here before, so none is added.
        var other = Path.Combine(_dir, "other.key");
        await using var second = await StartAsync(other);
        using var stillAdmin = second.CreateClient((await File.ReadAllTextAsync(file)).Trim());
        var keys = JsonDocument.Parse(await stillAdmin.GetStringAsync("/api/v1/admin/keys")).RootElement;
        keys.EnumerateArray().Select(k => k.GetProperty("name").GetString()).ShouldBe([ApiKeys.BootstrapName]);
        using var otherKey = second.CreateClient((await File.ReadAllTextAsync(other)).Trim());
        (await otherKey.GetAsync("/api/v1/whoami")).StatusCode.ShouldBe(HttpStatusCode.Unauthorized);
    }

    [Fact]
    public async Task without_a_key_file_nobody_gets_in()
    {
        await using var host = await StartAsync(file: "");
        using var client = host.CreateClient(); // the environment's admin key, which this database never stored
        using var refused = await client.GetAsync("/api/v1/whoami");
        refused.StatusCode.ShouldBe(HttpStatusCode.Unauthorized);
        (await refused.Content.ReadAsStringAsync()).ShouldContain("not known");
    }

    private Task<Alba.IAlbaHost> StartAsync(string file) => JoyApp.StartAsync(new Dictionary<string, string?>
    {
        ["ConnectionStrings:Joy"] = _database.ConnectionString,
        ["Joy:Auth:BootstrapKeyFile"] = file,
    });

    public async Task DisposeAsync()
    {
        await _database.DisposeAsync();
        Directory.Delete(_dir, recursive: true);
    }
}
