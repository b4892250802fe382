using Joy.Application.Blobs;
using Joy.Domain.Instances;
using Joy.Tests.Domain;
using Joy.Tests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;

namespace Joy.Tests.Queries;

/// <summary>The service on a loopback port, for a real browser.</summary>
public sealed class KestrelQueryApi : QueryApi
{
    protected override bool OnKestrel => true;
}

/// <summary>
/// The dashboard in Debian's chromium: nodes, an instance appearing and finishing live (no reload),
/// its timeline and runs with the log viewable.
/// </summary>
public sealed class using_the_dashboard(KestrelQueryApi api) : IClassFixture<KestrelQueryApi>
{
    [Fact]
    public async Task an_instance_appears_and_finishes_live_and_its_runs_and_log_can_be_read()
    {
        await using var browser = await Browser.LaunchAsync();
        var page = await browser.Context.NewPageAsync();
        await page.GotoAsync(api.BaseAddress!.ToString());
        await Browser.SignInAsync(page, TestEnvironment.AdminKey);
        await page.WaitForSelectorAsync("body[data-ready=true]");
        await page.WaitForSelectorAsync("#feed-status.live");
        (await page.Locator(".node").CountAsync()).ShouldBe(2);
        await Assertions.Expect(page.Locator(".node .dot.up")).ToHaveCountAsync(2); // the environment's nodes answer /_ping

        var machine = $"dash-{Guid.NewGuid():N}"[..16];
        var (id, started) = await api.StartAsync(machine, QueryApi.TwoTasks);
        var row = page.Locator($"#instances tr[data-id='{id}']");
        await Assertions.Expect(row.Locator(".status")).ToHaveTextAsync("Running");
        await browser.ScreenshotAsync(page, "dashboard-running");

        var log = await api.Services.GetRequiredService<IBlobStore>()
            .PutAsync(new MemoryStream("gcc -O2 Main.c\ncompiled fine\n"u8.ToArray()), new BlobMetadata("log", null));
        foreach (var run in started.OfType<ActorRunRequested>())
        {
            await api.Handler.HandleAsync(id, new MarkActorRunStarted(run.RunId, "node-1", "c1"));
            var next = await api.Handler.HandleAsync(id, new CompleteActorRun(run.RunId, Build.Result(log: log.Blob.Id.ToString())));
            await api.CompleteAllAsync(id, next);
        }

        await Assertions.Expect(row.Locator(".status")).ToHaveTextAsync("Succeeded");
        await row.ClickAsync();
        await Assertions.Expect(page.Locator("#detail-status .status")).ToHaveTextAsync("Succeeded");
        await Assertions.Expect(page.Locator("#runs tbody tr")).ToHaveCountAsync(2);
        await Assertions.Expect(page.Locator("#timeline li").Last).ToContainTextAsync("succeeded");
        await page.Locator("#runs tbody tr").First.GetByText("log").ClickAsync();
        await Assertions.Expect(page.Locator("#log")).ToContainTextAsync("compiled fine");
        await browser.ScreenshotAsync(page, "dashboard-instance");
    }

    [Fact]
    public async Task cancelling_from_the_page_shows_the_instance_cancelled_live()
    {
        await using var browser = await Browser.LaunchAsync();
        var page = await browser.Context.NewPageAsync();
        var (id, _) = await api.StartAsync($"cancel-{Guid.NewGuid():N}"[..16]);
        await page.GotoAsync($"{api.BaseAddress}#{id}");
        await Browser.SignInAsync(page, TestEnvironment.AdminKey);
        await page.WaitForSelectorAsync("#feed-status.live");
        await Assertions.Expect(page.Locator("#detail-status .status")).ToHaveTextAsync("Running");

        await page.ClickAsync("#cancel");

        await Assertions.Expect(page.Locator("#detail-status .status")).ToHaveTextAsync("Cancelled");
        await Assertions.Expect(page.Locator($"#instances tr[data-id='{id}'] .status")).ToHaveTextAsync("Cancelled");
        await Assertions.Expect(page.Locator("#cancel")).ToBeDisabledAsync();
    }
}
