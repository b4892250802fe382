namespace Joy.Bench;

public static partial class EngineBenchmark
{
    /// <summary>
    /// Issue 16's benchmark: the engine's 40 one-actor instances with telemetry on (traces of every request,
    /// handler, session, command and run; all meters; the gauges' sampling; a /metrics scrape per round)
    /// vs Joy:Telemetry:Enabled=false, rounds alternating which goes first. One host at a time: activity
    /// sources and meters are process-wide, so an "off" host beside an "on" one would pay for tracing too.
    /// </summary>
    public static async Task<int> TelemetryAsync(string[] args)
    {
        var count = args.Length > 0 ? int.Parse(args[0]) : 40;
        var rounds = args.Length > 1 ? int.Parse(args[1]) : 5;
        var configuration = Settings();
        await using var onDatabase = await BenchDatabase.CreateAsync();
        await using var offDatabase = await BenchDatabase.CreateAsync();
        var defined = new HashSet<string>();
        Console.WriteLine($"telemetry: {count} one-actor instances per side, {rounds} rounds, {Environment.ProcessorCount} cores");

        async Task<TimeSpan> SideAsync(bool on)
        {
            var database = on ? onDatabase : offDatabase;
            await using var factory = Host(configuration, database.ConnectionString,
                new Dictionary<string, string?> { ["Joy:Telemetry:Enabled"] = on ? "true" : "false" });
            using var client = factory.CreateClient().Authorized();
            if (defined.Add(database.Name))
            {
                await DefineAsync(client); // once per database: the definitions stay
            }

            await JoyAsync(client, database.ConnectionString, 4); // warm-up: JIT, pools, this host's first runs
            var time = await JoyAsync(client, database.ConnectionString, count);
            if (on)
            {
                (await client.GetStringAsync("/metrics")).ShouldContainRuns();
            }

            return time;
        }

        var ratios = new List<double>();
        for (var round = 0; round < rounds; round++)
        {
            var first = round % 2 == 0;
            var a = await SideAsync(first);
            var b = await SideAsync(!first);
            var (on, off) = first ? (a, b) : (b, a);
            ratios.Add(off / on);
            Console.WriteLine($"    round {round + 1}: off {count / off.TotalSeconds,6:F2} runs/s, on {count / on.TotalSeconds,6:F2} runs/s ({off / on:P0})");
        }

        Console.WriteLine($"    telemetry on = {ratios.Order().ElementAt(rounds / 2):P0} of off, median of {rounds} (target >= 95%)");
        return 0;
    }

    private static void ShouldContainRuns(this string scrape)
    {
        if (!scrape.Contains("joy_runs_ended_total", StringComparison.Ordinal))
        {
            throw new InvalidOperationException("The scrape of the 'on' side has no joy_runs_ended_total: telemetry was not on.");
        }
    }
}
