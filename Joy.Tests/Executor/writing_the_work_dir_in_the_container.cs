using System.Diagnostics;
using System.Formats.Tar;
using System.Security.Cryptography;
using System.Text;
using Joy.Application.Execution;
using Joy.Executor.Runs;

namespace Joy.Tests.Executor;

/// <summary>
/// Small UTF-8 inputs and the script reach the work dir without an archive upload (the container writes
/// them itself, <see cref="InlineWorkDir"/>), byte for byte as an upload would; anything else, and any
/// image that cannot do it, still gets the upload.
/// </summary>
public class writing_the_work_dir_in_the_container
{
    private static readonly Dictionary<string, string> Awkward = new()
    {
        ["input.json"] = "{\"who\": \"it's \\\"joy\\\"\", \"cost\": \"$HOME `id` $(id)\"}",
        ["trailing.txt"] = "two lines\n\n",
        ["empty.txt"] = "",
        ["dir/sub/ünïcödé 'quoted' name.txt"] = "π ≈ 3.14159\r\nback\\slash %s %d\n",
    };

    // Each file's sha256 and mode, then whatever of our variables leaked into the actor's environment.
    private const string Report = """
        for f in input.json trailing.txt empty.txt "dir/sub/ünïcödé 'quoted' name.txt" .joy/run.sh; do
          echo "$(sha256sum "$f" | cut -d' ' -f1) $(stat -c %a "$f") $f"
        done
        env | grep '^JOY_WORKDIR_' || echo "no variables"
        """;

    [Fact]
    public async Task gets_awkward_text_files_byte_for_byte_without_an_upload()
    {
        await using var executor = await TestExecutor.StartAsync();
        await using var calls = await ArchiveCalls.WatchAsync(executor);
        var request = Requests.Script(Report) with
        {
            Inputs = Awkward.ToDictionary(pair => pair.Key, pair => ActorInput.FromText(pair.Value)),
        };

        var result = await executor.Runner.RunAsync(request.Only(ArchiveCalls.Node, executor.Options.Nodes.Keys));

        result.Error.ShouldBeNull(result.Cause);
        var lines = result.LogText().Split('\n', StringSplitOptions.RemoveEmptyEntries);
        foreach (var (name, text) in Awkward)
        {
            lines.ShouldContain($"{Sha256(text)} 644 {name}", result.LogText());
        }

        lines.ShouldContain($"{Sha256(Report)} 755 .joy/run.sh", result.LogText());
        lines.ShouldContain("no variables");
        (await calls.UntilRemovedAsync(result.ContainerId!)).ShouldBe((Uploads: 0, Downloads: 0));
    }

    [Fact]
    public async Task binary_content_or_too_much_of_it_takes_the_upload()
    {
        await using var executor = await TestExecutor.StartAsync(options => options.InlineWorkDirLimitBytes = 1024);
        await using var calls = await ArchiveCalls.WatchAsync(executor);
        byte[] binary = [0x7f, 0x45, 0x4c, 0x46, 0x00, 0xff, 0xfe, 0x0a];
        var large = new string('x', 2048);

        var first = await executor.Runner.RunAsync((Requests.Script("sha256sum data.bin") with
        {
            Inputs = new Dictionary<string, ActorInput> { ["data.bin"] = ActorInput.FromBytes(binary) },
        }).Only(ArchiveCalls.Node, executor.Options.Nodes.Keys));
        var second = await executor.Runner.RunAsync((Requests.Script("sha256sum big.txt") with
        {
            Inputs = new Dictionary<string, ActorInput> { ["big.txt"] = ActorInput.FromText(large) },
        }).Only(ArchiveCalls.Node, executor.Options.Nodes.Keys));

        first.LogText().ShouldStartWith(Convert.ToHexStringLower(SHA256.HashData(binary)));
        (await calls.UntilRemovedAsync(first.ContainerId!)).ShouldBe((Uploads: 1, Downloads: 0));
        second.LogText().ShouldStartWith(Sha256(large));
        (await calls.UntilRemovedAsync(second.ContainerId!)).ShouldBe((Uploads: 1, Downloads: 0));
    }

    [Fact]
    public async Task an_image_without_a_shell_or_with_an_entrypoint_gets_the_upload_every_time()
    {
        await using var executor = await TestExecutor.StartAsync();
        var noShell = await ImportAsync(executor, entrypoint: null);
        var withEntrypoint = await ImportAsync(executor, entrypoint: "[\"/busybox\"]");
        await using var calls = await ArchiveCalls.WatchAsync(executor);
        try
        {
            foreach (var (image, command) in new[] { (noShell, new[] { "/busybox", "cat", "in.txt" }), (withEntrypoint, new[] { "cat", "in.txt" }) })
            {
                for (var attempt = 0; attempt < 2; attempt++)
                {
                    var request = Requests.Command(command) with
                    {
                        Actor = new ActorSpec { Name = "test", Image = image, Command = command },
                        Inputs = new Dictionary<string, ActorInput> { ["in.txt"] = ActorInput.FromText($"hello {attempt}") },
                    };

                    var result = await executor.Runner.RunAsync(request.Only(ArchiveCalls.Node, executor.Options.Nodes.Keys));

                    result.Error.ShouldBeNull(result.Cause);
                    result.LogText().ShouldBe($"hello {attempt}", $"{image}, run {attempt + 1}");
                    (await calls.UntilRemovedAsync(result.ContainerId!)).ShouldBe((Uploads: 1, Downloads: 0));
                }
            }
        }
        finally
        {
            await DockerCliAsync(executor, "rmi", noShell, withEntrypoint);
        }
    }

    [Fact]
    public void the_prologue_quotes_names_and_execs_the_actors_own_command()
    {
        var (command, environment) = InlineWorkDir.Wrap(
            [new(".joy/run.sh", "echo hi", Executable: true), new("it's/a b.txt", "$x", Executable: false)],
            ["/bin/sh", "/workdir/.joy/run.sh"]);

        command[..2].ShouldBe(["/bin/sh", "-c"]);
        command[3..].ShouldBe(["joy-workdir", "/bin/sh", "/workdir/.joy/run.sh"]);
        command[2].ShouldContain("mkdir -p '/workdir/.joy' '/workdir/it'\\''s'");
        command[2].ShouldContain("printf %s \"$JOY_WORKDIR_1\" > '/workdir/it'\\''s/a b.txt'");
        command[2].ShouldContain("chmod 755 '/workdir/.joy/run.sh'");
        command[2].ShouldEndWith("unset JOY_WORKDIR_0 JOY_WORKDIR_1\nexec \"$@\"\n");
        environment.ShouldBe(["JOY_WORKDIR_0=echo hi", "JOY_WORKDIR_1=$x"]);
    }

    private static string Sha256(string text) => Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(text)));

    /// <summary>An image holding only <c>/busybox</c>: no <c>/bin/sh</c>, optionally an entrypoint.</summary>
    private static async Task<string> ImportAsync(TestExecutor executor, string? entrypoint)
    {
        var name = $"joy-test-bare-{Guid.NewGuid():N}"[..28] + ":latest";
        var tar = Path.Combine(Path.GetTempPath(), $"{Guid.NewGuid():N}.tar");
        await using (var file = File.Create(tar))
        await using (var writer = new TarWriter(file, TarEntryFormat.Pax))
        {
            await writer.WriteEntryAsync("/bin/busybox", "busybox");
        }

        try
        {
            var change = entrypoint is null ? Array.Empty<string>() : ["--change", $"ENTRYPOINT {entrypoint}"];
            await DockerCliAsync(executor, ["import", .. change, tar, name]);
            return name;
        }
        finally
        {
            File.Delete(tar);
        }
    }

    private static async Task DockerCliAsync(TestExecutor executor, params string[] arguments)
    {
        var start = new ProcessStartInfo("docker") { RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var argument in new[] { "-H", executor.Options.Nodes[ArchiveCalls.Node].Address }.Concat(arguments))
        {
            start.ArgumentList.Add(argument);
        }

        using var process = Process.Start(start)!;
        var error = process.StandardError.ReadToEndAsync();
        await process.StandardOutput.ReadToEndAsync();
        await process.WaitForExitAsync();
        process.ExitCode.ShouldBe(0, await error);
    }
}
