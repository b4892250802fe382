using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json.Nodes;

namespace Joy.Tests.Instances;

/// <summary>The example judge (examples/judge), loaded and driven through the HTTP API as a client would.</summary>
public static class Judge
{
    public static string ExamplesDir { get; } = FindExamples();

    /// <summary>PUTs the judge's actors (scriptFile inlined as script) and its state machine.</summary>
    public static async Task LoadAsync(HttpClient client)
    {
        var dir = Path.Combine(ExamplesDir, "judge");
        foreach (var file in Directory.GetFiles(Path.Combine(dir, "actors"), "*.json").Order())
        {
            var actor = JsonNode.Parse(await File.ReadAllTextAsync(file))!.AsObject();
            if (actor["scriptFile"]?.GetValue<string>() is { } script)
            {
                actor.Remove("scriptFile");
                actor["script"] = await File.ReadAllTextAsync(Path.Combine(Path.GetDirectoryName(file)!, script));
            }

            await PutAsync(client, "/api/v1/Actor", actor);
        }

        await PutAsync(client, "/api/v1/StateMachine", JsonNode.Parse(await File.ReadAllTextAsync(Path.Combine(dir, "judge.statemachine.json")))!);
    }

    public static async Task PutAsync(HttpClient client, string path, JsonNode body)
    {
        using var response = await client.PutAsJsonAsync(path, body);
        if (response.StatusCode != HttpStatusCode.Created)
        {
            throw new InvalidOperationException($"PUT {path} answered {(int)response.StatusCode}: {await response.Content.ReadAsStringAsync()}");
        }
    }

    public static async Task<string> UploadAsync(HttpClient client, byte[] bytes)
    {
        using var content = new ByteArrayContent(bytes);
        content.Headers.ContentType = new MediaTypeHeaderValue("application/octet-stream");
        using var response = await client.PutAsync("/api/v1/Blob", content);
        response.EnsureSuccessStatusCode();
        return (await response.Content.ReadFromJsonAsync<JsonObject>())!["id"]!.GetValue<string>();
    }

    /// <summary>Uploads a submission and the example tests; the start request's initialBlobs.</summary>
    public static async Task<JsonArray> BlobsAsync(HttpClient client, string submission, int tests = 3)
    {
        var blobs = new JsonArray
        {
            Blob(await UploadAsync(client, await File.ReadAllBytesAsync(Path.Combine(ExamplesDir, "judge", "submissions", submission))), "Main.c"),
        };
        foreach (var test in Directory.GetFiles(Path.Combine(ExamplesDir, "judge", "tests")).Order()
            .Where(file => int.Parse(Path.GetFileNameWithoutExtension(file).Split('_')[1]) <= tests))
        {
            blobs.Add(Blob(await UploadAsync(client, await File.ReadAllBytesAsync(test)), Path.GetFileName(test)));
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

    private static string FindExamples()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (Directory.Exists(Path.Combine(dir.FullName, "examples", "judge")))
            {
                return Path.Combine(dir.FullName, "examples");
            }
        }

        throw new InvalidOperationException("examples/judge not found above the test binaries.");
    }
}
