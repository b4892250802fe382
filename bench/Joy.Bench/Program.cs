namespace Joy.Bench;

/// <summary>
/// Each benchmark is one file with a static RunAsync; the first argument picks it. (Not top-level
/// statements: their implicit <c>Program</c> would hide Joy.Web's, which the benchmarks host.)
/// </summary>
internal static class BenchProgram
{
    public static async Task<int> Main(string[] args) => args.FirstOrDefault() switch
    {
        "blobs" => await BlobBenchmark.RunAsync(args[1..]),
        "eventstore" => await EventStoreBenchmark.RunAsync(args[1..]),
        "executor" => await ExecutorBenchmark.RunAsync(args[1..]),
        "meter" => await ExecutorBenchmark.MeterAsync(args[1..]),
        "engine" => await EngineBenchmark.RunAsync(args[1..]),
        "telemetry" => await EngineBenchmark.TelemetryAsync(args[1..]),
        "calls" => await CallCostBenchmark.RunAsync(args[1..]),
        "queries" => await QueryBenchmark.RunAsync(args[1..]),
        "reactions" => await ReactionsBenchmark.RunAsync(args[1..]),
        "schedules" => await ScheduleBenchmark.RunAsync(args[1..]),
        _ => Usage(),
    };

    private static int Usage()
    {
        Console.WriteLine("usage: dotnet run -c Release --project bench/Joy.Bench -- <benchmark>");
        Console.WriteLine("benchmarks: blobs [megabytes] [runs] | eventstore [throughput|batch|lag] | executor [runs] [per-node concurrency] | meter [pairs] | engine [instances] [rounds] | telemetry [instances] [rounds] | calls [runs] [rounds] | queries [instances] [load seconds] | reactions [waits] [failover rounds] | schedules [ticks] [failover rounds]");
        return 1;
    }
}
