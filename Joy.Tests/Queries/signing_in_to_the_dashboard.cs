using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using System.Text.Json.Nodes;
using Joy.Tests.Infrastructure;
using Microsoft.Playwright;

namespace Joy.Tests.Queries;

/// <summary>
/// The dashboard asks for an API key in Debian's chromium, keeps it for the browser session and hides what the key's
/// role may not do; a key refused later (revoked) brings the sign-in back with the server's reason.
/// </summary>
public sealed class signing_in_to_the_dashboard(KestrelQueryApi api) : IClassFixture<KestrelQueryApi>
{
    [Fact]
    public async Task a_wrong_key_is_refused_with_the_servers_reason_and_shows_no_data()
    {
        var (id, _) = await api.StartAsync($"signin-{Guid.NewGuid():N}"[..16]);
        var wrong = $"joy_{Guid.NewGuid():N}";
        var reason = await RefusalAsync(wrong);
        await using var browser = await Browser.LaunchAsync();
        var page = await browser.Context.NewPageAsync();
        var asked = new List<string>();
        page.Request += (_, request) => { if (request.Url.Contains("/api/", StringComparison.Ordinal)) asked.Add(new Uri(request.Url).AbsolutePath); };
        await page.GotoAsync(api.BaseAddress!.ToString());
        await Assertions.Expect(page.Locator("#signin-form")).ToBeVisibleAsync();
        await browser.ScreenshotAsync(page, "dashboard-signin");

        await page.FillAsync("#signin-key", wrong);
        await page.ClickAsync("#signin-form button[type=submit]");

        await Assertions.Expect(page.Locator("#signin-result.error")).ToHaveTextAsync(reason);
        await Assertions.Expect(page.Locator("#dashboard")).ToBeHiddenAsync();
        await Assertions.Expect(page.Locator("#whoami")).ToBeHiddenAsync();
        (await page.Locator("#instances tbody tr").CountAsync()).ShouldBe(0);
        asked.ShouldBe(["/api/v1/whoami"]);
        (await page.EvaluateAsync<int>("sessionStorage.length")).ShouldBe(0);
        await browser.ScreenshotAsync(page, "dashboard-signin-refused");

        // The same form takes a good key next: the data was there, only the key was wrong.
        await Browser.SignInAsync(page, TestEnvironment.AdminKey);
        await Assertions.Expect(page.Locator($"#instances tr[data-id='{id}']")).ToBeVisibleAsync();
    }

    [Theory]
    [InlineData("reader", false, false)]
    [InlineData("submitter", true, false)]
    [InlineData("operator", true, true)]
    [InlineData("admin", true, true)]
    public async Task a_role_sees_the_instances_and_only_the_actions_it_may_take(string role, bool submits, bool operates)
    {
        var (id, _) = await api.StartAsync($"roles-{Guid.NewGuid():N}"[..16]);
        var schedule = $"nightly-{role}";
        await DefineScheduleAsync(schedule);
        var (name, key) = await KeyAsync(role);
        await using var browser = await Browser.LaunchAsync();
        var page = await browser.Context.NewPageAsync();
        await page.GotoAsync($"{api.BaseAddress}#{id}");

        await Browser.SignInAsync(page, key);

        await page.WaitForSelectorAsync("body[data-ready=true]");
        await Assertions.Expect(page.Locator("#whoami")).ToHaveTextAsync($"{name} · {role}");
        await page.WaitForSelectorAsync("#feed-status.live");
        await Assertions.Expect(page.Locator($"#instances tr[data-id='{id}']")).ToBeVisibleAsync();
        await Assertions.Expect(page.Locator("#detail-status .status")).ToHaveTextAsync("Running");
        var row = page.Locator($"#schedules tr[data-name='{schedule}']");
        await Assertions.Expect(row).ToBeVisibleAsync();
        await Shown(page.Locator("#start-form"), submits);
        await Shown(page.Locator("#cancel"), submits);
        await Shown(page.Locator("#rerun"), operates);
        await Shown(page.Locator("#rerun-stage"), operates);
        await Shown(row.Locator("button.toggle"), operates);
        await Shown(row.Locator("button.trigger"), operates);
        await Shown(page.Locator("#schedule-form"), operates);
        await browser.ScreenshotAsync(page, $"dashboard-as-{role}");
    }

    [Fact]
    public async Task the_key_is_kept_over_a_reload_and_signing_out_asks_for_it_again()
    {
        await using var browser = await Browser.LaunchAsync();
        var page = await browser.Context.NewPageAsync();
        await page.GotoAsync(api.BaseAddress!.ToString());
        await Browser.SignInAsync(page, TestEnvironment.AdminKey);
        await page.ReloadAsync();
        await page.WaitForSelectorAsync("body[data-ready=true]");
        await Assertions.Expect(page.Locator("#whoami")).ToContainTextAsync("· admin");
        await Assertions.Expect(page.Locator("#signin-panel")).ToBeHiddenAsync();

        await page.ClickAsync("#signout");

        await Assertions.Expect(page.Locator("#signin-form")).ToBeVisibleAsync();
        await Assertions.Expect(page.Locator("#signin-result")).ToBeEmptyAsync();
        await Assertions.Expect(page.Locator("#dashboard")).ToBeHiddenAsync();
        await Assertions.Expect(page.Locator("#whoami")).ToBeHiddenAsync();
        await Assertions.Expect(page.Locator("#signout")).ToBeHiddenAsync();
        (await page.EvaluateAsync<int>("sessionStorage.length")).ShouldBe(0);
        await page.ReloadAsync();
        await Assertions.Expect(page.Locator("#signin-form")).ToBeVisibleAsync();
        await Assertions.Expect(page.Locator("#dashboard")).ToBeHiddenAsync();
    }

    [Fact]
    public async Task a_key_revoked_while_the_page_is_open_brings_the_sign_in_back_with_the_reason()
    {
        var (name, key) = await KeyAsync("operator");
        await using var browser = await Browser.LaunchAsync();
        var page = await browser.Context.NewPageAsync();
        await page.GotoAsync(api.BaseAddress!.ToString());
        await Browser.SignInAsync(page, key);
        await page.WaitForSelectorAsync("body[data-ready=true]");

        using (var admin = api.CreateClient())
        {
            (await admin.DeleteAsync($"/api/v1/admin/keys/{name}")).EnsureSuccessStatusCode();
        }

        // The page's next poll (nodes every 3 s, schedules every 2 s) is refused.
        var reason = await RefusalAsync(key);
        reason.ShouldContain("revoked");
        await Assertions.Expect(page.Locator("#signin-result.error")).ToHaveTextAsync(reason, new() { Timeout = 15_000 });
        await Assertions.Expect(page.Locator("#signin-form")).ToBeVisibleAsync();
        await Assertions.Expect(page.Locator("#dashboard")).ToBeHiddenAsync();
        await Assertions.Expect(page.Locator("#whoami")).ToBeHiddenAsync();
        (await page.EvaluateAsync<int>("sessionStorage.length")).ShouldBe(0);
    }

    private static async Task Shown(ILocator locator, bool shown)
    {
        await Assertions.Expect(locator).ToHaveCountAsync(1); // there, so hidden means hidden, not missing
        await (shown ? Assertions.Expect(locator).ToBeVisibleAsync() : Assertions.Expect(locator).ToBeHiddenAsync());
    }

    /// <summary>A new key of <paramref name="role"/>, made by the admin: its name and secret.</summary>
    private async Task<(string Name, string Secret)> KeyAsync(string role)
    {
        using var admin = api.CreateClient();
        var name = $"{role}-{Guid.NewGuid():N}"[..20];
        var response = await admin.PostAsJsonAsync("/api/v1/admin/keys", new { name, role });
        response.EnsureSuccessStatusCode();
        return (name, (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("secret").GetString()!);
    }

    /// <summary>The detail of the 401 that <paramref name="key"/> gets from the service.</summary>
    private async Task<string> RefusalAsync(string key)
    {
        using var client = api.CreateClient().Authorized(key);
        var response = await client.GetAsync("/api/v1/whoami");
        response.StatusCode.ShouldBe(HttpStatusCode.Unauthorized);
        return (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("detail").GetString()!;
    }

    private async Task DefineScheduleAsync(string name)
    {
        using var admin = api.CreateClient();
        (await admin.PutAsJsonAsync("/api/v1/StateMachine", new JsonObject
        {
            ["name"] = $"{name}-pass",
            ["definition"] = JsonNode.Parse("""{"StartAt": "P", "States": {"P": {"Type": "Pass", "End": true}}}"""),
        })).EnsureSuccessStatusCode();
        (await admin.PutAsJsonAsync("/api/v1/Schedule", new { name, cron = "0 2 * * *", stateMachine = $"{name}-pass", paused = true }))
            .EnsureSuccessStatusCode();
    }
}
