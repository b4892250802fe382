using System.Text.Json.Nodes;

namespace Joy.Tests.Definitions;

/// <summary>
/// examples/judge as the service receives it: each actor with its <c>scriptFile</c> replaced by the
/// script's text (what scripts/load-examples.sh sends), and the state machine.
/// </summary>
internal static class JudgeExample
{
    public static string Directory { get; } = Path.Combine(RepositoryRoot(), "examples", "judge");

    public static IReadOnlyList<JsonObject> Actors() =>
        System.IO.Directory.GetFiles(Path.Combine(Directory, "actors"), "*.json").Order(StringComparer.Ordinal)
            .Select(path =>
            {
                var actor = JsonNode.Parse(File.ReadAllText(path))!.AsObject();
                if (actor.Remove("scriptFile", out var scriptFile))
                {
                    actor["script"] = File.ReadAllText(Path.Combine(Path.GetDirectoryName(path)!, scriptFile!.GetValue<string>()));
                }

                return actor;
            })
            .ToList();

    public static JsonObject StateMachine() =>
        JsonNode.Parse(File.ReadAllText(Path.Combine(Directory, "judge.statemachine.json")))!.AsObject();

    private static string RepositoryRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "Joy.EventSourced.sln")))
            {
                return dir.FullName;
            }
        }

        throw new InvalidOperationException("Joy.EventSourced.sln not found above " + AppContext.BaseDirectory);
    }
}
