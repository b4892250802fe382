using System.Text.Json.Nodes;

namespace Joy.Domain.Asl;

public sealed partial class AslParser
{
    private static readonly string[] WaitFields = ["Seconds", "Timestamp", "SecondsPath", "TimestampPath"];

    private WaitState ParseWait(string name, JsonObject obj, string pointer)
    {
        var given = WaitFields.Where(obj.ContainsKey).ToList();
        if (given.Count != 1)
        {
            Problem(pointer, "A Wait state needs exactly one of Seconds, Timestamp, SecondsPath or TimestampPath.");
        }

        var timestamp = String(obj, "Timestamp", pointer);
        if (timestamp is not null && !JsonValues.TryTimestamp(JsonValue.Create(timestamp), out _))
        {
            Problem(Pointer(pointer, "Timestamp"), $"Timestamp must be {JsonValues.TimestampForm}.");
        }

        return new WaitState
        {
            Name = name,
            Seconds = Number(obj, "Seconds", pointer, 0),
            Timestamp = timestamp,
            SecondsPath = OptionalPath(obj, "SecondsPath", pointer),
            TimestampPath = OptionalPath(obj, "TimestampPath", pointer),
        };
    }

    private FailState ParseFail(string name, JsonObject obj, string pointer)
    {
        foreach (var (plain, path) in new[] { ("Error", "ErrorPath"), ("Cause", "CausePath") })
        {
            if (obj.ContainsKey(plain) && obj.ContainsKey(path))
            {
                Problem(pointer, $"A Fail state has {plain} or {path}, not both.");
            }
        }

        return new FailState
        {
            Name = name,
            Error = String(obj, "Error", pointer),
            Cause = String(obj, "Cause", pointer),
            ErrorPath = OptionalPath(obj, "ErrorPath", pointer),
            CausePath = OptionalPath(obj, "CausePath", pointer),
        };
    }

    /// <summary>A path member with no default (absent stays null); intrinsics allowed, as in ASL.</summary>
    private string? OptionalPath(JsonObject obj, string name, string pointer)
    {
        var text = String(obj, name, pointer);
        if (text is not null && PayloadTemplate.ProblemWith(text) is { } problem)
        {
            Problem(Pointer(pointer, name), $"{name} is not a valid path or intrinsic: {problem}.");
        }

        return text;
    }
}
