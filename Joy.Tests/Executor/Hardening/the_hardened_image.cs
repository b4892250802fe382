using Docker.DotNet.Models;
using Joy.Executor.Docker;
using Joy.Executor.Runs;

namespace Joy.Tests.Executor.Hardening;

/// <summary>The image layer that gives the run's user its /workdir: made once per node, image and user, found again by any process.</summary>
public class the_hardened_image
{
    [Fact]
    public async Task is_made_once_per_node_image_and_user_and_reused_by_later_runs_and_processes()
    {
        // A user no other test uses, so the image is new to the node.
        var uid = Random.Shared.Next(20_000, 60_000);
        await using var executor = await TestExecutor.StartAsync(options => options.Hardening = new() { Uid = uid, Gid = uid });
        var node = executor.Pool.Nodes.First(each => each.Name == "node-1").Client;
        var nodes = executor.Options.Nodes.Keys;
        var source = (await node.InspectImageAsync("joy-busybox:latest"))!.ID;
        var reference = $"{HardenedImages.Repository}:{HardenedImages.Tag(source, executor.Options.Hardening)}";
        (await HardenedAsync(node, reference)).ShouldBeEmpty();
        try
        {
            var first = await executor.Runner.RunAsync(Requests.Script("echo made > out.txt; id -u").Only("node-1", nodes));
            var made = await HardenedAsync(node, reference);
            await executor.Runner.RunAsync(Requests.Script("id -u").Only("node-1", nodes));
            await using var restarted = await executor.RestartAsync();
            var afterRestart = await restarted.Runner.RunAsync(Requests.Script("id -u").Only("node-1", nodes));

            first.LogText().ShouldBe($"{uid}\n");
            afterRestart.LogText().ShouldBe($"{uid}\n");
            made.Count.ShouldBe(1);
            (await HardenedAsync(node, reference)).ShouldBe(made);
        }
        finally
        {
            foreach (var image in await HardenedAsync(node, reference))
            {
                await node.CallAsync("remove image", (docker, token) => docker.Images.DeleteImageAsync(image, new ImageDeleteParameters { Force = true }, token), default);
            }
        }
    }

    private static async Task<List<string>> HardenedAsync(DockerNodeClient node, string reference) =>
        (await node.CallAsync("list images", (docker, token) => docker.Images.ListImagesAsync(new ImagesListParameters
        {
            Filters = new Dictionary<string, IDictionary<string, bool>> { ["reference"] = new Dictionary<string, bool> { [reference] = true } },
        }, token), default)).Select(image => image.ID).ToList();
}
