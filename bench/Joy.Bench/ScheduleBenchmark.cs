using System.Diagnostics;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using static Joy.Bench.ReactionsBenchmark;

namespace Joy.Bench;

/// <summary>
/// Cron schedules on real service processes over a throwaway database:
/// <list type="bullet">
/// <item>fire lateness: a schedule ticking every second (Pass state machine, overlap Allow) for <c>ticks</c> ticks; per
/// tick, the stored time of its instance's <c>instance.started.v1</c> minus the tick, p50/p99/max (target: p99 under 1 s);</item>
/// <item>failover: two processes, the one firing SIGKILLed; the time until the survivor records its first fire, and the
/// ticks in the gap (fired late by catch-up, none lost, none twice).</item>
/// </list>
/// </summary>
public static class ScheduleBenchmark
{
    private const string Pass = "{'StartAt': 'P', 'States': {'P': {'Type': 'Pass', 'End': true}}}";
    private const string Firing = "Firing schedules from this process";
    private const string Stopped = "Stopped firing schedules from this process";

    public static async Task<int> RunAsync(string[] args)
    {
        var ticks = args.Length > 0 ? int.Parse(args[0]) : 100;
        var failovers = args.Length > 1 ? int.Parse(args[1]) : 3;
        await LatenessAsync(ticks);
        for (var round = 1; round <= failovers; round++)
        {
            await FailoverAsync(round);
        }

        return 0;
    }

    private static async Task LatenessAsync(int count)
    {
        await using var database = await BenchDatabase.CreateAsync();
        await using var service = await Service.LaunchAsync(database.ConnectionString);
        await service.DefineAsync("pass", Pass);
        await Until(() => Task.FromResult(IsFiring(service)), TimeSpan.FromSeconds(60));
        await PutScheduleAsync(service, "every-second", "* * * * * *");
        await Until(async () => (await FiresAsync(database.ConnectionString, "every-second")) >= count, TimeSpan.FromSeconds(count * 3 + 60));
        (await service.Client.PostAsJsonAsync("/api/v1/Schedule/every-second/pause", new JsonObject())).EnsureSuccessStatusCode();

        var lateness = await QueryDoublesAsync(database.ConnectionString, $"""
            SELECT extract(epoch FROM (e.timestamp - f.tick)) * 1000
              FROM joy.schedule_fires f JOIN joy.mt_events e ON e.stream_id = 'instance-' || f.instance_id AND e.type = 'instance.started.v1'
             WHERE f.name = 'every-second' AND f.kind = 'Cron' ORDER BY f.seq LIMIT {count}
            """);
        lateness.Sort();
        Console.WriteLine($"fire lateness over {lateness.Count} ticks: p50 {Percentile(lateness, 0.50):0} ms, p99 {Percentile(lateness, 0.99):0} ms, " +
                          $"max {lateness[^1]:0} ms, min {lateness[0]:0} ms (load {Load()})");
    }

    private static async Task FailoverAsync(int round)
    {
        await using var database = await BenchDatabase.CreateAsync();
        await using var first = await Service.LaunchAsync(database.ConnectionString);
        await first.DefineAsync("pass", Pass);
        await using var second = await Service.LaunchAsync(database.ConnectionString);
        await Until(async () => (await QueryDoublesAsync(database.ConnectionString, "SELECT count(*) FROM joy.wolverine_nodes"))[0] == 2,
            TimeSpan.FromSeconds(30));
        await PutScheduleAsync(first, "every-second", "* * * * * *");
        await Task.Delay(TimeSpan.FromSeconds(8)); // the agent settles on one process and fires a few ticks
        var (firing, survivor) = IsFiring(first) ? (first, second) : (second, first);

        firing.Kill();
        var killedAt = DateTimeOffset.UtcNow;
        var killed = Stopwatch.StartNew();
        await Until(async () => (await QueryDoublesAsync(database.ConnectionString,
            $"SELECT count(*) FROM joy.schedule_fires WHERE at > '{killedAt:O}'::timestamptz"))[0] > 0, TimeSpan.FromSeconds(60));
        var gap = killed.Elapsed;
        await Task.Delay(TimeSpan.FromSeconds(3));
        (await survivor.Client.PostAsJsonAsync("/api/v1/Schedule/every-second/pause", new JsonObject())).EnsureSuccessStatusCode();
        var ticks = await QueryDoublesAsync(database.ConnectionString,
            "SELECT extract(epoch FROM tick) FROM joy.schedule_fires WHERE name = 'every-second' AND outcome = 'Started' ORDER BY tick");
        var holes = ticks.Zip(ticks.Skip(1), (a, b) => b - a).Count(step => step != 1);
        var twice = ticks.Count - ticks.Distinct().Count();
        var caughtUp = (await QueryDoublesAsync(database.ConnectionString,
            "SELECT count(*) FROM joy.schedule_fires WHERE name = 'every-second' AND kind = 'CatchUp'"))[0];
        Console.WriteLine($"failover round {round}: the survivor fired {gap.TotalSeconds:0.00} s after the kill; {ticks.Count} ticks fired, " +
                          $"{caughtUp} of them caught up late, {holes} lost, {twice} twice (load {Load()})");
    }

    private static bool IsFiring(Service service) => service.Count(Firing) > service.Count(Stopped);

    private static async Task PutScheduleAsync(Service service, string name, string cron)
    {
        using var response = await service.Client.PutAsJsonAsync("/api/v1/Schedule", new JsonObject
        {
            ["name"] = name, ["cron"] = cron, ["stateMachine"] = "pass", ["overlap"] = "Allow",
        });
        response.EnsureSuccessStatusCode();
    }

    private static async Task<int> FiresAsync(string connectionString, string name) =>
        (int)(await QueryDoublesAsync(connectionString, $"SELECT count(*) FROM joy.schedule_fires WHERE name = '{name}' AND kind = 'Cron'"))[0];

    private static string Load() => File.ReadAllText("/proc/loadavg").Split(' ')[0];
}
