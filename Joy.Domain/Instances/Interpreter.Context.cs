using System.Text.Json.Nodes;
using Joy.Domain.Asl;

namespace Joy.Domain.Instances;

public static partial class Interpreter
{
    /// <summary>The <c>$$</c> context object of a state, as Step Functions shapes it.</summary>
    private static JsonObject Context(Session s, Frame frame, int? itemIndex = null, JsonNode? itemValue = null)
    {
        var started = s.State.Started!;
        var context = new JsonObject
        {
            ["Execution"] = new JsonObject
            {
                ["Id"] = started.InstanceId,
                ["Name"] = started.InstanceId,
                ["Input"] = started.Input?.DeepClone(),
                ["StartTime"] = started.At.ToString("O"),
                ["Parameters"] = s.State.Options.Parameters?.DeepClone(),
            },
            ["StateMachine"] = new JsonObject
            {
                ["Id"] = $"{started.StateMachineName}:{started.StateMachineVersion}",
                ["Name"] = started.StateMachineName,
            },
            ["State"] = new JsonObject
            {
                ["Name"] = frame.State.Name,
                ["EnteredTime"] = frame.EnteredAt.ToString("O"),
                ["RetryCount"] = frame.Attempt - 1,
            },
        };
        if (itemIndex is int index)
        {
            context["Map"] = new JsonObject { ["Item"] = new JsonObject { ["Index"] = index, ["Value"] = itemValue?.DeepClone() } };
        }

        return context;
    }

    /// <summary>A scope whose UUIDs derive from instance, state path and attempt: replays agree.</summary>
    private static AslScope Scope(Session s, Frame frame, JsonNode? input, Func<JsonObject>? context = null) =>
        new(input, context ?? (() => Context(s, frame)), $"{s.State.InstanceId}|{s.State.Version}|{frame.Path}|{frame.Attempt}");

    /// <summary>InputPath: null gives <c>{}</c>. A read-only view into the frame's input, not a copy.</summary>
    private static JsonNode? ApplyInputPath(Session s, Frame frame) =>
        frame.State.InputPath is { } path ? JsonPath.View(path, frame.Input, () => Context(s, frame)) : new JsonObject();

    /// <summary>InputPath then Parameters: what a Task, Pass or Parallel works on.</summary>
    private static JsonNode? EffectiveInput(Session s, Frame frame)
    {
        var input = ApplyInputPath(s, frame);
        var parameters = frame.State switch
        {
            WorkState work => work.Parameters,
            PassState pass => pass.Parameters,
            _ => null,
        };
        return parameters is null ? input?.DeepClone() : PayloadTemplate.Apply(parameters, Scope(s, frame, input));
    }

    /// <summary>OutputPath: null gives <c>{}</c>.</summary>
    private static JsonNode? ApplyOutputPath(Session s, Frame frame, JsonNode? output) =>
        frame.State.OutputPath is { } path ? JsonPath.View(path, output, () => Context(s, frame))?.DeepClone() : new JsonObject();

    /// <summary>ResultSelector, ResultPath, OutputPath: the state's output from its result.</summary>
    private static JsonNode? OutputFromResult(Session s, Frame frame, JsonNode? result, JsonNode? selector, string? resultPath)
    {
        var selected = selector is null ? result : PayloadTemplate.Apply(selector, Scope(s, frame, result));
        var merged = resultPath is null ? frame.Input?.DeepClone() : JsonPath.Set(frame.Input, resultPath, selected);
        return ApplyOutputPath(s, frame, merged);
    }
}
