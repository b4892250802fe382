using Alba;
using Joy.Tests.Infrastructure;

namespace Joy.Tests.Security;

/// <summary>The service (under Alba) over a fresh database, trusting tokens of a <see cref="TestIssuer"/> for <see cref="Audience"/>.</summary>
public class JwtHost : IAsyncLifetime
{
    public const string Audience = "joy-tests";

    private readonly TestDatabase _database = new();
    private IAlbaHost? _host;

    public TestIssuer Issuer { get; private set; } = null!;

    /// <summary>More <c>Joy:Auth:Jwt</c> settings, by key below that section.</summary>
    protected virtual Dictionary<string, string?> Jwt => [];

    public async Task InitializeAsync()
    {
        await _database.InitializeAsync();
        Issuer = await TestIssuer.StartAsync();
        var settings = new Dictionary<string, string?>
        {
            ["ConnectionStrings:Joy"] = _database.ConnectionString,
            ["Joy:Dispatcher:Enabled"] = "false",
            ["Joy:Auth:Jwt:Authority"] = Issuer.Authority,
            ["Joy:Auth:Jwt:Audience"] = Audience,
            ["Joy:Auth:Jwt:RequireHttpsMetadata"] = "false", // the test issuer serves plain HTTP on loopback
        };
        foreach (var (key, value) in Jwt)
        {
            settings[$"Joy:Auth:Jwt:{key}"] = value;
        }

        _host = await JoyApp.StartAsync(settings);
    }

    /// <summary>A client sending <paramref name="token"/> as its bearer token.</summary>
    public HttpClient Client(string token) => _host!.CreateClient(token);

    public async Task DisposeAsync()
    {
        if (_host is not null)
        {
            await _host.DisposeAsync();
        }

        await Issuer.DisposeAsync();
        await _database.DisposeAsync();
    }
}

/// <summary>The issuer's own role names and claim names, mapped to Joy's.</summary>
public sealed class MappedRolesJwtHost : JwtHost
{
    protected override Dictionary<string, string?> Jwt => new()
    {
        ["RoleClaim"] = "groups",
        ["NameClaim"] = "email",
        ["Roles:platform-team"] = "operator",
        ["Roles:everyone"] = "reader",
    };
}
