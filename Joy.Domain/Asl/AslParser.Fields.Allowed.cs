using System.Text.Json.Nodes;

namespace Joy.Domain.Asl;

public sealed partial class AslParser
{
    private static readonly string[] Common = ["Type", "Comment", "Next", "End", "InputPath", "OutputPath"];
    private static readonly string[] Work = ["Parameters", "ResultSelector", "ResultPath", "Retry", "Catch"];

    // A field Joy does not implement (ItemReader, HeartbeatSeconds, JSONata's Arguments...) is
    // reported rather than ignored: silently skipping it would run something else than was written.
    private static readonly Dictionary<string, HashSet<string>> AllowedFields = new(StringComparer.Ordinal)
    {
        ["Task"] = [.. Common, .. Work, "Resource", "TimeoutSeconds"],
        ["Parallel"] = [.. Common, .. Work, "Branches"],
        ["Map"] = [.. Common, .. Work, "Iterator", "ItemProcessor", "ItemsPath", "ItemSelector", "MaxConcurrency"],
        ["Pass"] = [.. Common, "Result", "Parameters", "ResultPath"],
        ["Choice"] = [.. Common, "Choices", "Default"],
        ["Wait"] = [.. Common, "Seconds", "Timestamp", "SecondsPath", "TimestampPath"],
        ["Succeed"] = [.. Common],
        ["Fail"] = ["Type", "Comment", "Error", "Cause", "ErrorPath", "CausePath"],
        ["Machine"] = ["StartAt", "States", "Comment", "Version", "TimeoutSeconds", "ProcessorConfig"],
    };

    private void CheckFields(JsonObject obj, string kind, string pointer)
    {
        if (!AllowedFields.TryGetValue(kind, out var allowed))
        {
            return;
        }

        foreach (var (name, _) in obj)
        {
            if (!allowed.Contains(name))
            {
                Problem(Pointer(pointer, name), $"{name} is not a field of {(kind == "Machine" ? "a state machine" : $"a {kind} state")} in Joy's States Language.");
            }
        }
    }
}
