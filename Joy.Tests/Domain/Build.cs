using System.Text.Json.Nodes;
using Joy.Domain.Definitions;
using Joy.Domain.Instances;

namespace Joy.Tests.Domain;

/// <summary>Builders for interpreter tests: definitions from JSON, actors, simulated actor results.</summary>
public static class Build
{
    public static readonly IReadOnlyDictionary<string, ActorDefinition> Actors = new Dictionary<string, ActorDefinition>
    {
        ["compile"] = new("compile", Command: ["gcc", "Main.c"], Limitation: new Limitation(Memory: 256 << 20)),
        ["run"] = new("run", Script: "./a.out < stdin.txt > stdout.txt"),
        ["compare"] = new("compare", Script: "diff stdout.txt expected.txt"),
        ["work"] = new("work", Command: ["sh", "-c", ":"]),
    };

    public static JsonNode Json(string json) => JsonNode.Parse(json.Replace('\'', '"'))!;

    /// <summary>A machine whose only state is <paramref name="states"/>' first; single quotes stand for double.</summary>
    public static StartInstance Start(string definition, string input = "{}", string id = "i-1", InstanceOptions? options = null,
        Limitation? limits = null) =>
        new(id, new StateMachineDefinition("m", Json(definition), limits), 3, Actors, Json(input), options ?? new InstanceOptions());

    public static JsonObject Result(int exitCode = 0, string? data = null, bool timedOut = false, string log = "log-blob") => new()
    {
        ["exitCode"] = exitCode,
        ["oomKilled"] = false,
        ["timedOut"] = timedOut,
        ["durationMs"] = 12,
        ["node"] = "node-1",
        ["outputs"] = new JsonObject(),
        ["log"] = new JsonObject { ["blob"] = log },
        ["data"] = data is null ? null : Json(data),
    };

    public static GivenWhenThen Started(string definition, string input = "{}") =>
        new GivenWhenThen().When(Start(definition, input));

    public static string RunOf(this GivenWhenThen flow, string path) =>
        flow.History.OfType<ActorRunRequested>().Last(r => r.Path == path).RunId;

    public static GivenWhenThen Complete(this GivenWhenThen flow, string path, JsonNode? result = null, DateTimeOffset? now = null) =>
        flow.When(new CompleteActorRun(flow.RunOf(path), result ?? Result()), now);

    public static JsonNode? Output(this GivenWhenThen flow) => flow.State.Output;
}
