using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json.Nodes;
using Joy.Tests.Infrastructure;

namespace Joy.Tests.Schedules;

/// <summary>
/// Two changes of one schedule that both fetched the same version (<see cref="StreamRace"/>), so one of them must lose.
/// Without If-Match the loser is decided again on the winner's version (ScheduleDecisions' error policy) instead of
/// answering 409; with an If-Match for the version both read, it is a 409.
/// </summary>
public sealed class deciding_again_after_a_lost_race(ScheduleHost host) : IClassFixture<ScheduleHost>
{
    [Fact]
    public async Task two_resumes_that_fetched_one_version_both_succeed_and_resume_once()
    {
        await ScheduleHost.PutAsync(host.Client, "raced", "0 0 1 1 *", extra: new JsonObject { ["paused"] = true });

        var statuses = await RaceAsync("raced", () => host.Client.PostAsJsonAsync($"{ScheduleHost.Route}/raced/resume", new JsonObject()));

        statuses.ShouldAllBe(s => s == HttpStatusCode.OK, string.Join(", ", statuses));
        var schedule = await ScheduleHost.GetAsync(host.Client, "raced");
        schedule["paused"]!.GetValue<bool>().ShouldBeFalse();
        schedule["version"]!.GetValue<int>().ShouldBe(2); // the loser found it resumed and appended nothing
    }

    [Fact]
    public async Task of_two_patches_for_one_version_one_wins_and_the_other_is_409()
    {
        await ScheduleHost.PutAsync(host.Client, "raced-patch", "0 0 1 1 *", extra: new JsonObject { ["paused"] = true });

        var statuses = await RaceAsync("raced-patch", async () =>
        {
            using var patch = new HttpRequestMessage(HttpMethod.Patch, $"{ScheduleHost.Route}/raced-patch")
            {
                Content = new StringContent("""{"priority": 3}""", Encoding.UTF8, "application/merge-patch+json"),
            };
            patch.Headers.IfMatch.Add(new EntityTagHeaderValue("\"1\""));
            return await host.Client.SendAsync(patch);
        });

        statuses.Order().ShouldBe([HttpStatusCode.OK, HttpStatusCode.Conflict]);
        (await ScheduleHost.GetAsync(host.Client, "raced-patch"))["version"]!.GetValue<int>().ShouldBe(2);
    }

    private Task<HttpStatusCode[]> RaceAsync(string name, Func<Task<HttpResponseMessage>> request) =>
        StreamRace.RunAsync(host.Database.ConnectionString, $"schedule-{name}", 2, request);
}
