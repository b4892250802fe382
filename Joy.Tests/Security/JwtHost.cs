using Alba;
using Joy.Tests.Infrastructure;

namespace Joy.Tests.Security;

/// <summary>The service (under Alba) over a fresh database, trusting tokens of a <see cref="TestIssuer"/> for <see cref="Audience"/>.</summary>
public sealed class JwtHost : IAsyncLifetime
{
    public const string Audience = "joy-tests";

    private readonly TestDatabase _database = new();
    private IAlbaHost? _host;

    public TestIssuer Issuer { get; private set; } = null!;

    public async Task InitializeAsync()
    {
        await _database.InitializeAsync();
        Issuer = await TestIssuer.StartAsync();
        _host = await JoyApp.StartAsync(new Dictionary<string, string?>
        {
            ["ConnectionStrings:Joy"] = _database.ConnectionString,
            ["Joy:Dispatcher:Enabled"] = "false",
            ["Joy:Auth:Jwt:Authority"] = Issuer.Authority,
            ["Joy:Auth:Jwt:Audience"] = Audience,
            ["Joy:Auth:Jwt:RequireHttpsMetadata"] = "false", // the test issuer serves plain HTTP on loopback
        });
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
