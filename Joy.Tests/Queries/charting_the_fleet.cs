using System.Text.Json;
using System.Text.RegularExpressions;
using Joy.Tests.Infrastructure;
using Microsoft.Playwright;

namespace Joy.Tests.Queries;

/// <summary>
/// The dashboard's fleet charts in Debian's chromium: uPlot loaded from the service itself, runs per minute
/// by outcome and p50/p99 run time from the statistics endpoint, queue depth and node utilisation live.
/// </summary>
public sealed class charting_the_fleet(KestrelQueryApi api) : IClassFixture<KestrelQueryApi>
{
    [Fact]
    public async Task draws_the_runs_of_the_last_hour_by_outcome_and_the_nodes_live()
    {
        foreach (var exitCode in new[] { 0, 0, 3 })
        {
            var (id, started) = await api.StartAsync($"chart-{Guid.NewGuid():N}"[..16]);
            await api.CompleteAllAsync(id, started, exitCode);
        }

        await api.WaitForSummariesAsync();
        var series = await api.GetAsync<JsonElement>("/api/v1/Statistics/RunsPerMinute?minutes=60");
        var minutes = series.GetProperty("minutes").EnumerateArray().ToList();
        minutes.Sum(m => m.GetProperty("succeeded").GetInt64()).ShouldBe(2);
        minutes.Sum(m => m.GetProperty("failed").GetInt64()).ShouldBe(1);
        minutes.ShouldAllBe(m => m.GetProperty("p50Ms").GetDouble() == 12);

        await using var browser = await Browser.LaunchAsync();
        var page = await browser.Context.NewPageAsync();
        var failures = new List<string>();
        page.RequestFailed += (_, request) => failures.Add(request.Url);
        page.Response += (_, response) => { if (response.Status >= 400) failures.Add($"{response.Status} {response.Url}"); };
        await page.GotoAsync(api.BaseAddress!.ToString());
        await Browser.SignInAsync(page, TestEnvironment.AdminKey);
        await page.WaitForSelectorAsync("body[data-ready=true]");

        await Assertions.Expect(page.Locator("#chart-runs")).ToHaveAttributeAsync("data-total", "3");
        await Assertions.Expect(page.Locator("#chart-times")).ToHaveAttributeAsync("data-points", new Regex("^[1-9]"));
        await Assertions.Expect(page.Locator("#chart-runs .u-legend")).ToContainTextAsync("failed");
        await Assertions.Expect(page.Locator("#chart-nodes .u-legend")).ToContainTextAsync("node-2");
        await Assertions.Expect(page.Locator("#chart-queue .u-legend")).ToContainTextAsync("waiting");
        await Assertions.Expect(page.Locator("#charts-panel canvas")).ToHaveCountAsync(4);
        // Live: the node panel's polling adds samples to the utilisation chart.
        await Assertions.Expect(page.Locator("#chart-nodes")).ToHaveAttributeAsync("data-points", new Regex("^([2-9]|[1-9][0-9]+)$"),
            new() { Timeout = 15_000 });
        failures.ShouldBeEmpty();
        await browser.ScreenshotAsync(page, "dashboard-charts");
    }
}
