using Joy.Bench;

return args.FirstOrDefault() switch
{
    "eventstore" => await EventStoreBenchmark.RunAsync(args[1..]),
    _ => Usage(),
};

static int Usage()
{
    Console.WriteLine("usage: dotnet run -c Release --project bench/Joy.Bench -- <benchmark>");
    Console.WriteLine("benchmarks: eventstore");
    return 1;
}
