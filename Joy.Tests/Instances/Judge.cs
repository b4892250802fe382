using System.Text.Json.Nodes;
using Joy.Tests.Infrastructure;

namespace Joy.Tests.Instances;

/// <summary>Judge runs of the example (examples/judge) started through the HTTP API; loading it is <see cref="JudgeExample"/>.</summary>
public static class Judge
{
    /// <summary>Uploads a submission and the example tests; the start request's initialBlobs.</summary>
    public static async Task<JsonArray> BlobsAsync(HttpClient client, string submission, int tests = 3)
    {
        var blobs = new JsonArray
        {
            Blob(await JudgeExample.UploadAsync(client, await File.ReadAllBytesAsync(Path.Combine(JudgeExample.ExamplesDir, "judge", "submissions", submission))), "Main.c"),
        };
        foreach (var test in Directory.GetFiles(Path.Combine(JudgeExample.ExamplesDir, "judge", "tests")).Order()
            .Where(file => int.Parse(Path.GetFileNameWithoutExtension(file).Split('_')[1]) <= tests))
        {
            blobs.Add(Blob(await JudgeExample.UploadAsync(client, await File.ReadAllBytesAsync(test)), Path.GetFileName(test)));
        }

        return blobs;
    }

    public static async Task<string> StartAsync(HttpClient client, string submission, string? idempotencyKey = null, int tests = 3) =>
        await Instances.StartAsync(client, new JsonObject
        {
            ["name"] = "judge",
            ["input"] = new JsonObject(),
            ["initialBlobs"] = await BlobsAsync(client, submission, tests),
            ["idempotencyKey"] = idempotencyKey,
        });

    private static JsonObject Blob(string id, string name) => new() { ["id"] = id, ["name"] = name, ["tag"] = "judge" };
}
