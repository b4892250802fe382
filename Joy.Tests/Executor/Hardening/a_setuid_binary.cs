using System.Formats.Tar;
using CreateContainerParameters = Docker.DotNet.Models.CreateContainerParameters;
using Joy.Executor.Docker;
using Joy.Executor.Runs;

namespace Joy.Tests.Executor.Hardening;

public class a_setuid_binary
{
    // joy-runner plus a root-owned setuid copy of dash: `rootsh -p` keeps the effective uid the kernel gives it.
    private const string Image = "joy-test-setuid:1";

    [Fact]
    public async Task in_the_image_gives_the_actor_no_root()
    {
        await using var executor = await TestExecutor.StartAsync();
        var node = executor.Pool.Nodes.First(each => each.Name == "node-1");
        await EnsureImageAsync(node.Client, executor.Options.ServiceName);
        var request = Requests.Command("/usr/local/bin/rootsh", "-p", "-c", "echo \"euid=$(id -u)\"; ls -l /usr/local/bin/rootsh");
        request = request with { Actor = request.Actor with { Image = Image } };

        var result = await executor.Runner.RunAsync(request.Only("node-1", executor.Options.Nodes.Keys));

        result.Error.ShouldBeNull(result.Cause);
        result.LogText().ShouldContain("-rwsr-xr-x"); // the bit is there, and does nothing
        result.LogText().ShouldContain("euid=65534");
    }

    private static async Task EnsureImageAsync(DockerNodeClient client, string serviceName)
    {
        if (await client.InspectImageAsync(Image) is not null)
        {
            return;
        }

        var helper = await client.CreateContainerAsync(new CreateContainerParameters
        {
            Image = "joy-runner:latest", Cmd = ["x"], Labels = new Dictionary<string, string> { [ContainerSpec.ServiceLabel] = serviceName },
        });
        var dash = new MemoryStream();
        await using (var archive = (await client.GetArchiveFromContainerAsync(helper, "/usr/bin/dash"))!.Stream!)
        {
            var entry = (await new TarReader(archive).GetNextEntryAsync(copyData: true))!;
            await entry.DataStream!.CopyToAsync(dash);
        }

        await client.ExtractArchiveToContainerAsync(helper, "/", async (target, token) =>
        {
            await using var writer = new TarWriter(target, TarEntryFormat.Pax, leaveOpen: true);
            dash.Position = 0;
            await writer.WriteEntryAsync(new PaxTarEntry(TarEntryType.RegularFile, "usr/local/bin/rootsh")
            {
                Mode = UnixFileMode.SetUser | UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute
                       | UnixFileMode.GroupRead | UnixFileMode.GroupExecute | UnixFileMode.OtherRead | UnixFileMode.OtherExecute,
                Uid = 0, Gid = 0, DataStream = dash,
            }, token);
        });
        await client.CommitContainerAsync(helper, "joy-test-setuid", "1");
        await client.RemoveContainerAsync(helper);
    }
}
