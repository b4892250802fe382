using System.Diagnostics;

namespace Joy.Tests.Web;

/// <summary>
/// Release builds load Wolverine's handler code from Joy.Application/Internal/Generated instead of
/// compiling it at startup. That code must be what <c>codegen write</c> produces from the handlers as
/// they are now; scripts/codegen.sh rewrites it.
/// </summary>
public sealed class the_generated_handler_code
{
    [Fact]
    public async Task is_current()
    {
        var work = Directory.CreateTempSubdirectory("joy-codegen-");
        try
        {
            var start = new ProcessStartInfo("dotnet", [Path.Combine(AppContext.BaseDirectory, "Joy.Web.dll"), "codegen", "write"])
            {
                WorkingDirectory = work.FullName, // `codegen write` writes under the content root
                RedirectStandardOutput = true,
                RedirectStandardError = true,
            };
            start.Environment["JOY_CONFIG"] = "";
            start.Environment["ConnectionStrings__Joy"] = "Host=127.0.0.1"; // the host is built, never started
            using var process = Process.Start(start)!;
            var output = process.StandardOutput.ReadToEndAsync();
            var errors = process.StandardError.ReadToEndAsync();
            await process.WaitForExitAsync();
            process.ExitCode.ShouldBe(0, await output + await errors);

            var generated = Files(Path.Combine(work.FullName, "Internal", "Generated"));
            var committed = Files(Path.Combine(RepositoryRoot(), "Joy.Application", "Internal", "Generated"));

            generated.Keys.ShouldNotBeEmpty();
            committed.Keys.Order().ShouldBe(generated.Keys.Order(), "run scripts/codegen.sh: the handlers changed");
            foreach (var (name, text) in generated)
            {
                committed[name].ShouldBe(text, $"run scripts/codegen.sh: {name} is stale");
            }
        }
        finally
        {
            work.Delete(recursive: true);
        }
    }

    private static Dictionary<string, string> Files(string root) => Directory.Exists(root)
        ? Directory.EnumerateFiles(root, "*.cs", SearchOption.AllDirectories)
            .ToDictionary(path => Path.GetRelativePath(root, path), File.ReadAllText)
        : [];

    private static string RepositoryRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "Joy.EventSourced.sln")))
            {
                return dir.FullName;
            }
        }

        throw new InvalidOperationException("Joy.EventSourced.sln not found above the binaries.");
    }
}
