using System.Net.Http.Json;
using System.Text.Json.Nodes;
using Joy.Tests.Infrastructure;
using Joy.Tests.Queries;
using Microsoft.Playwright;

namespace Joy.Tests.Schedules;

/// <summary>
/// The dashboard's Schedules panel in Debian's chromium: a cron checked as it is typed (its next fire times shown, a bad
/// one named), a schedule created from the form, firing live, paused, triggered, and its recent fires linking to their
/// instances.
/// </summary>
public sealed class using_the_schedules_console(KestrelQueryApi api) : IClassFixture<KestrelQueryApi>
{
    private static readonly LocatorAssertionsToContainTextOptions Patiently = new() { Timeout = 30_000 };

    [Fact]
    public async Task a_schedule_is_created_checked_paused_and_triggered_from_the_page()
    {
        using var client = api.CreateClient();
        (await client.PutAsJsonAsync("/api/v1/StateMachine", new JsonObject
        {
            ["name"] = "pass",
            ["definition"] = JsonNode.Parse("""{"StartAt": "P", "States": {"P": {"Type": "Pass", "End": true}}}"""),
        })).EnsureSuccessStatusCode();
        await using var browser = await Browser.LaunchAsync();
        var page = await browser.Context.NewPageAsync();
        await page.GotoAsync(api.BaseAddress!.ToString());
        await Browser.SignInAsync(page, TestEnvironment.AdminKey);
        await page.WaitForSelectorAsync("body[data-ready=true]");

        await page.FillAsync("#schedule-cron", "61 * * * *");
        await Assertions.Expect(page.Locator("#cron-preview.error")).ToContainTextAsync("cron");
        await page.FillAsync("#schedule-cron", "*/2 * * * * *");
        await Assertions.Expect(page.Locator("#cron-preview")).ToContainTextAsync("next:");
        (await page.Locator("#cron-preview").TextContentAsync())!.Split('·').Length.ShouldBe(5);
        await page.FillAsync("#schedule-form input[name=name]", "every-two");
        await page.FillAsync("#schedule-form input[name=stateMachine]", "pass");
        await page.ClickAsync("#schedule-form button[type=submit]");
        await Assertions.Expect(page.Locator("#schedule-result")).ToContainTextAsync("created every-two");

        var row = page.Locator("#schedules tr[data-name='every-two']");
        await Assertions.Expect(row.Locator(".last")).ToContainTextAsync("Started", Patiently);
        await row.Locator(".fires-link").ClickAsync();
        await Assertions.Expect(page.Locator("#fires tbody tr").First).ToContainTextAsync("Cron");
        await browser.ScreenshotAsync(page, "dashboard-schedules");
        var instance = (await page.Locator("#fires tbody tr a").First.GetAttributeAsync("href"))!.TrimStart('#');
        (await client.GetAsync($"/api/v1/StateMachineInstance/{instance}")).IsSuccessStatusCode.ShouldBeTrue();

        await row.Locator("button.toggle").ClickAsync();
        await Assertions.Expect(row.Locator(".next")).ToHaveTextAsync("paused");
        await Assertions.Expect(row.Locator("button.toggle")).ToHaveTextAsync("Resume");
        await row.Locator("button.trigger").ClickAsync();
        await Assertions.Expect(page.Locator("#fires tbody tr").First).ToContainTextAsync("Trigger", Patiently);
        var paused = (await client.GetFromJsonAsync<JsonObject>("/api/v1/Schedule/every-two"))!;
        paused["paused"]!.GetValue<bool>().ShouldBeTrue();
        paused["lastFire"]!["kind"]!.GetValue<string>().ShouldBe("Trigger");
    }
}
