using Alba;

namespace Joy.Tests.Infrastructure;

/// <summary>
/// A class fixture: the whole service (<see cref="JoyApp"/>) over a fresh database of its own, so
/// each test class that uses one starts from nothing. Subclasses change the settings, or serve on
/// Kestrel where a test needs a real socket.
/// </summary>
public abstract class JoyAppFixture : IAsyncLifetime
{
    private readonly TestDatabase _database = new();
    private IAlbaHost? _host;
    private KestrelApp? _kestrel;

    protected virtual Dictionary<string, string?> Settings => [];

    /// <summary>Serve on Kestrel at a loopback port (<see cref="KestrelApp"/>) instead of in memory.</summary>
    protected virtual bool OnKestrel => false;

    public string ConnectionString => _database.ConnectionString;

    public IServiceProvider Services => _host?.Services ?? _kestrel?.Services ?? throw NotInitialised();

    /// <summary>The Kestrel address when <see cref="OnKestrel"/>.</summary>
    public Uri? BaseAddress => _kestrel?.BaseAddress;

    /// <summary>A client that sends the admin key (see <see cref="JoyApp.CreateClient"/>).</summary>
    public HttpClient CreateClient() => _host?.CreateClient() ?? _kestrel?.CreateClient() ?? throw NotInitialised();

    public async Task InitializeAsync()
    {
        await _database.InitializeAsync();
        var settings = new Dictionary<string, string?>(Settings) { ["ConnectionStrings:Joy"] = _database.ConnectionString };
        if (OnKestrel)
        {
            _kestrel = new KestrelApp(settings);
        }
        else
        {
            _host = await JoyApp.StartAsync(settings);
        }
    }

    public async Task DisposeAsync()
    {
        if (_host is not null)
        {
            await _host.DisposeAsync();
        }

        if (_kestrel is not null)
        {
            await _kestrel.DisposeAsync();
        }

        await _database.DisposeAsync();
    }

    private static InvalidOperationException NotInitialised() => new("Not initialised.");
}
