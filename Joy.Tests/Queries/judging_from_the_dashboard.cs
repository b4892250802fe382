using Joy.Tests.Infrastructure;
using System.Text.RegularExpressions;
using Joy.Tests.Instances;
using Microsoft.Playwright;

namespace Joy.Tests.Queries;

/// <summary>The service on a loopback port with the dispatcher on: actors run on the environment's nodes.</summary>
public sealed class DispatchingKestrelQueryApi : QueryApi
{
    protected override bool OnKestrel => true;

    protected override bool Dispatching => true;
}

/// <summary>
/// A person starts a judge from the dashboard with uploaded files (Main.c and the tests) and
/// watches the verdict appear, live, in Debian's chromium.
/// </summary>
public sealed class judging_from_the_dashboard(DispatchingKestrelQueryApi api) : IClassFixture<DispatchingKestrelQueryApi>
{
    [Fact]
    public async Task the_verdict_of_a_judge_started_with_uploaded_files_appears_live()
    {
        using (var http = new HttpClient { BaseAddress = api.BaseAddress }.Authorized())
        {
            await JudgeExample.LoadAsync(http);
        }

        await using var browser = await Browser.LaunchAsync();
        var page = await browser.Context.NewPageAsync();
        await page.GotoAsync(api.BaseAddress!.ToString());
        await Browser.SignInAsync(page, TestEnvironment.AdminKey);
        await page.WaitForSelectorAsync("body[data-ready=true]");
        await page.WaitForSelectorAsync("#feed-status.live");

        var dir = Path.Combine(JudgeExample.ExamplesDir, "judge");
        var files = new List<FilePayload>
        {
            new() { Name = "Main.c", MimeType = "text/x-c", Buffer = await File.ReadAllBytesAsync(Path.Combine(dir, "submissions", "ac.c")) },
        };
        foreach (var test in Directory.GetFiles(Path.Combine(dir, "tests")).Order())
        {
            files.Add(new FilePayload { Name = Path.GetFileName(test), MimeType = "text/plain", Buffer = await File.ReadAllBytesAsync(test) });
        }

        await page.FillAsync("#start-name", "judge");
        await page.SetInputFilesAsync("#start-files", files);
        await browser.ScreenshotAsync(page, "judge-start-form");
        await page.ClickAsync("#start-form button[type=submit]");

        // The uploads and the start are the server's work, not the page's: bounded like the other server waits.
        await Assertions.Expect(page.Locator("#start-result")).ToContainTextAsync("started", new LocatorAssertionsToContainTextOptions { Timeout = 30_000 });
        var id = (await page.EvaluateAsync<string>("location.hash")).TrimStart('#');
        await Assertions.Expect(page.Locator($"#instances tr[data-id='{id}']")).ToBeVisibleAsync();
        await Assertions.Expect(page.Locator("#detail-id")).ToHaveTextAsync(id);
        await Assertions.Expect(page.Locator("#detail-status .status"))
            .ToHaveTextAsync("Succeeded", new LocatorAssertionsToHaveTextOptions { Timeout = 120_000 });
        await Assertions.Expect(page.Locator("#verdict")).ToHaveTextAsync("AC");
        await Assertions.Expect(page.Locator($"#instances tr[data-id='{id}'] .status")).ToHaveTextAsync("Succeeded");
        (await page.Locator("#runs tbody tr").CountAsync()).ShouldBeGreaterThan(3); // compile, then run + compare per test
        // Like an online judge's page: per test its verdict, CPU time and peak memory; per run the meter's figures.
        await Assertions.Expect(page.Locator("#tests tbody tr")).ToHaveCountAsync(3);
        await Assertions.Expect(page.Locator("#tests .test-verdict")).ToHaveTextAsync(["AC", "AC", "AC"]);
        await Assertions.Expect(page.Locator("#tests tbody td").Nth(2)).ToHaveTextAsync(new Regex(@"^\d+ ms$"));
        await Assertions.Expect(page.Locator("#tests tbody td").Nth(3)).ToHaveTextAsync(new Regex(@"^\d+\.\d MiB$"));
        (await page.Locator("#runs tbody td.cpu").AllTextContentsAsync()).ShouldAllBe(cpu => Regex.IsMatch(cpu, @"^\d+ ms$"));
        await browser.ScreenshotAsync(page, "judge-verdict");

        // Re-run from the tests (the original's re-judge): the page follows it to a new verdict.
        await page.SelectOptionAsync("#rerun-stage", "RunTests");
        await page.ClickAsync("#rerun");
        await Assertions.Expect(page.Locator("#action-result")).ToHaveTextAsync("done");
        await Assertions.Expect(page.Locator("#timeline")).ToContainTextAsync("rerun-requested");
        // The instance's own "succeeded" (not actor-run-succeeded): once for the first verdict, once for the re-run.
        await Assertions.Expect(page.Locator("#timeline li b", new PageLocatorOptions { HasTextRegex = new Regex("^succeeded$") }))
            .ToHaveCountAsync(2, new LocatorAssertionsToHaveCountOptions { Timeout = 120_000 });
        await Assertions.Expect(page.Locator("#detail-status .status")).ToHaveTextAsync("Succeeded");
        await Assertions.Expect(page.Locator("#verdict")).ToHaveTextAsync("AC");
    }
}
