using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json.Nodes;

namespace Joy.Tests.Infrastructure;

/// <summary>
/// examples/judge driven through the HTTP API as a client would: its definitions loaded (each
/// actor's scriptFile sent inline as script, as scripts/load-examples.sh does) and files uploaded.
/// Plain HttpClient code with no test framework in it, so bench/Joy.Bench compiles this same file.
/// </summary>
public static class JudgeExample
{
    public static string ExamplesDir { get; } = FindExamples();

    /// <summary>PUTs the judge's actors and its state machine.</summary>
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

    /// <summary>PUTs a definition and insists on 201 Created.</summary>
    public static async Task PutAsync(HttpClient client, string path, JsonNode body)
    {
        using var response = await client.PutAsJsonAsync(path, body);
        if (response.StatusCode != HttpStatusCode.Created)
        {
            throw new InvalidOperationException($"PUT {path} answered {(int)response.StatusCode}: {await response.Content.ReadAsStringAsync()}");
        }
    }

    /// <summary>Uploads raw bytes as a blob; returns its id.</summary>
    public static async Task<string> UploadAsync(HttpClient client, byte[] bytes)
    {
        using var content = new ByteArrayContent(bytes);
        content.Headers.ContentType = new MediaTypeHeaderValue("application/octet-stream");
        using var response = await client.PutAsync("/api/v1/Blob", content);
        response.EnsureSuccessStatusCode();
        return (await response.Content.ReadFromJsonAsync<JsonObject>())!["id"]!.GetValue<string>();
    }

    private static string FindExamples()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (Directory.Exists(Path.Combine(dir.FullName, "examples", "judge")))
            {
                return Path.Combine(dir.FullName, "examples");
            }
        }

        throw new InvalidOperationException("examples/judge not found above the binaries.");
    }
}
