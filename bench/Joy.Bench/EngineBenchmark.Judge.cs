using System.Diagnostics;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using Joy.Executor;
using Joy.Tests.Infrastructure;
using Microsoft.Extensions.Configuration;

namespace Joy.Bench;

public static partial class EngineBenchmark
{
    private const int TestCases = 10;

    private static string Root { get; } = FindRoot();

    /// <summary>One judge of examples/judge/submissions/ac.c on 10 generated a+b test cases, start to end.</summary>
    private static async Task<TimeSpan> JudgeAsync(HttpClient client, string connectionString)
    {
        var blobs = new JsonArray { Blob(await JudgeExample.UploadAsync(client, File.ReadAllBytes(Path.Combine(Root, "examples/judge/submissions/ac.c"))), "Main.c") };
        foreach (var (name, text) in Tests())
        {
            blobs.Add(Blob(await JudgeExample.UploadAsync(client, System.Text.Encoding.UTF8.GetBytes(text)), name));
        }

        var clock = Stopwatch.StartNew();
        using var response = await client.PutAsJsonAsync("/api/v1/StateMachineInstance", new JsonObject { ["name"] = "judge", ["initialBlobs"] = blobs });
        response.EnsureSuccessStatusCode();
        var id = (await response.Content.ReadFromJsonAsync<JsonObject>())!["id"]!.GetValue<string>();
        await WaitEndedAsync(connectionString, [id]);
        return clock.Elapsed;
    }

    /// <summary>The same docker runs from a shell script (bench/Joy.Bench/judge-baseline.sh), same parallelism.</summary>
    private static async Task<TimeSpan> JudgeScriptAsync(IConfiguration configuration, ExecutorOptions executor)
    {
        var work = Directory.CreateTempSubdirectory("joy-bench-judge-").FullName;
        try
        {
            File.Copy(Path.Combine(Root, "examples/judge/submissions/ac.c"), Path.Combine(work, "Main.c"));
            foreach (var script in Directory.GetFiles(Path.Combine(Root, "examples/judge/scripts")))
            {
                File.Copy(script, Path.Combine(work, Path.GetFileName(script)));
            }

            foreach (var (name, text) in Tests())
            {
                await File.WriteAllTextAsync(Path.Combine(work, name), text);
            }

            var parallelism = executor.Nodes.Values.Sum(node => node.MaxRunningJobs);
            var clock = Stopwatch.StartNew();
            using var process = Process.Start(new ProcessStartInfo("bash", [Path.Combine(Root, "bench/Joy.Bench/judge-baseline.sh"), work, $"{parallelism}"])
            {
                RedirectStandardOutput = true,
            })!;
            var output = await process.StandardOutput.ReadToEndAsync();
            await process.WaitForExitAsync();
            var elapsed = clock.Elapsed;
            if (process.ExitCode != 0 || !output.Contains("\"verdict\":\"AC\"", StringComparison.Ordinal))
            {
                throw new InvalidOperationException($"The baseline script failed ({process.ExitCode}): {output}");
            }

            return elapsed;
        }
        finally
        {
            Directory.Delete(work, recursive: true);
        }
    }

    private static IEnumerable<(string Name, string Text)> Tests() =>
        Enumerable.Range(1, TestCases).SelectMany(i => new[] { ($"input_{i}.txt", $"{i} {i * 2}\n"), ($"output_{i}.txt", $"{i * 3}\n") });

    private static JsonObject Blob(string id, string name) => new() { ["id"] = id, ["name"] = name };

    private static string FindRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "Joy.EventSourced.sln")))
            {
                return dir.FullName;
            }
        }

        throw new InvalidOperationException("Joy.EventSourced.sln not found above the benchmark's binaries.");
    }
}
