using Microsoft.Playwright;

namespace Joy.Tests.Queries;

/// <summary>
/// Debian's chromium driven by Playwright (its bundled node driver; no browser download ever):
/// headless, no sandbox, background networking off, a fresh profile per test. Screenshots go to
/// artifacts/screenshots at the repository root.
/// </summary>
public sealed class Browser : IAsyncDisposable
{
    private readonly IPlaywright _playwright;
    private readonly string _profile;

    private Browser(IPlaywright playwright, IBrowserContext context, string profile)
    {
        _playwright = playwright;
        Context = context;
        _profile = profile;
    }

    public IBrowserContext Context { get; }

    public static string ScreenshotDir
    {
        get
        {
            var dir = new DirectoryInfo(AppContext.BaseDirectory);
            while (dir is not null && !File.Exists(Path.Combine(dir.FullName, "Joy.EventSourced.sln")))
            {
                dir = dir.Parent;
            }

            var path = Path.Combine(dir?.FullName ?? AppContext.BaseDirectory, "artifacts", "screenshots");
            Directory.CreateDirectory(path);
            return path;
        }
    }

    public static async Task<Browser> LaunchAsync()
    {
        var playwright = await Playwright.CreateAsync();
        var profile = Directory.CreateTempSubdirectory("joy-chromium-").FullName;
        var context = await playwright.Chromium.LaunchPersistentContextAsync(profile, new BrowserTypeLaunchPersistentContextOptions
        {
            ExecutablePath = "/usr/bin/chromium",
            Headless = true,
            Args = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking",
                "--disable-component-update", "--disable-sync"],
            ViewportSize = new ViewportSize { Width = 1400, Height = 1000 },
        });
        return new Browser(playwright, context, profile);
    }

    /// <summary>
    /// Signs in through the dashboard's form (the page is on the dashboard, asking for a key) and waits until the key
    /// is accepted: the header names the principal.
    /// </summary>
    public static async Task SignInAsync(IPage page, string key)
    {
        await page.FillAsync("#signin-key", key);
        await page.ClickAsync("#signin-form button[type=submit]");
        await Assertions.Expect(page.Locator("#whoami")).ToBeVisibleAsync();
    }

    public async Task ScreenshotAsync(IPage page, string name) =>
        await page.ScreenshotAsync(new PageScreenshotOptions { Path = Path.Combine(ScreenshotDir, $"{name}.png"), FullPage = true });

    public async ValueTask DisposeAsync()
    {
        await Context.CloseAsync();
        _playwright.Dispose();
        Directory.Delete(_profile, recursive: true);
    }
}
