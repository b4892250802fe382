using System.Text.Json.Nodes;
using Joy.Domain.Instances;

namespace Joy.Application.Instances;

/// <summary>A run's files as the API shows them: <c>[{id, name, tag}]</c>.</summary>
public static class RunFiles
{
    /// <summary>The run's input files; a tag comes from the task input's <c>files.NAME.tag</c> when the client gave one.</summary>
    public static JsonArray Inputs(ActorRunRequested run)
    {
        var declared = (run.Input as JsonObject)?["files"] as JsonObject;
        var files = new JsonArray();
        foreach (var (name, id) in run.Files)
        {
            files.Add(File(id, name, ((declared?[name] as JsonObject)?["tag"] as JsonValue)?.ToString()));
        }

        return files;
    }

    /// <summary>The result's <c>outputs: {name: {"blob": id}}</c> as a list.</summary>
    public static JsonArray Outputs(JsonObject? result)
    {
        var files = new JsonArray();
        if (result?["outputs"] is JsonObject outputs)
        {
            foreach (var (name, value) in outputs)
            {
                if (BlobOf(value) is { } id)
                {
                    files.Add(File(id, name, null));
                }
            }
        }

        return files;
    }

    /// <summary>The id in <c>{"blob": id}</c> or a bare id string.</summary>
    public static string? BlobOf(JsonNode? reference) => reference switch
    {
        JsonValue value when value.TryGetValue<string>(out var id) => id,
        JsonObject obj when obj["blob"] is JsonValue value && value.TryGetValue<string>(out var id) => id,
        _ => null,
    };

    private static JsonObject File(string id, string name, string? tag) => new() { ["id"] = id, ["name"] = name, ["tag"] = tag };
}
