using System.Text.Json.Nodes;

namespace Joy.Domain.Asl;

/// <summary>A parsed (sub-)machine: the top level, a Parallel branch or a Map's item processor.</summary>
public sealed record MachineDefinition(string StartAt, IReadOnlyDictionary<string, StateDefinition> States, int? TimeoutSeconds = null)
{
    public StateDefinition this[string name] => States[name];
}

/// <summary>
/// Fields every state may have. A path member that is absent defaults to <c>$</c>; an explicit JSON
/// <c>null</c> is kept as C# null (ASL: InputPath null means <c>{}</c>, ResultPath null discards the
/// result, OutputPath null outputs <c>{}</c>).
/// </summary>
public abstract record StateDefinition
{
    public required string Name { get; init; }
    public string? InputPath { get; init; } = "$";
    public string? OutputPath { get; init; } = "$";
    public string? Next { get; init; }
    public bool End { get; init; }

    public abstract string Type { get; }
}

/// <summary>States that produce a result and can be retried and caught: Task, Parallel, Map.</summary>
public abstract record WorkState : StateDefinition
{
    public JsonNode? Parameters { get; init; }
    public JsonNode? ResultSelector { get; init; }
    public string? ResultPath { get; init; } = "$";
    public IReadOnlyList<Retrier> Retry { get; init; } = [];
    public IReadOnlyList<Catcher> Catch { get; init; } = [];
}

public sealed record TaskState : WorkState
{
    public required string Resource { get; init; }
    public int? TimeoutSeconds { get; init; }

    /// <summary>The actor named by <c>actor:NAME</c>.</summary>
    public string ActorName => Resource.StartsWith("actor:", StringComparison.Ordinal) ? Resource[6..] : Resource;

    public override string Type => "Task";
}

public sealed record ParallelState : WorkState
{
    public required IReadOnlyList<MachineDefinition> Branches { get; init; }

    public override string Type => "Parallel";
}

public sealed record MapState : WorkState
{
    public string? ItemsPath { get; init; } = "$";
    public JsonNode? ItemSelector { get; init; }
    public int MaxConcurrency { get; init; }
    public required MachineDefinition Iterator { get; init; }

    public override string Type => "Map";
}

public sealed record PassState : StateDefinition
{
    public JsonNode? Parameters { get; init; }
    public JsonNode? Result { get; init; }
    public bool HasResult { get; init; }
    public string? ResultPath { get; init; } = "$";

    public override string Type => "Pass";
}

public sealed record ChoiceState : StateDefinition
{
    public required IReadOnlyList<Choice> Choices { get; init; }
    public string? Default { get; init; }

    public override string Type => "Choice";
}

public sealed record WaitState : StateDefinition
{
    public double? Seconds { get; init; }
    public string? Timestamp { get; init; }
    public string? SecondsPath { get; init; }
    public string? TimestampPath { get; init; }

    public override string Type => "Wait";
}

public sealed record SucceedState : StateDefinition
{
    public override string Type => "Succeed";
}

public sealed record FailState : StateDefinition
{
    public string? Error { get; init; }
    public string? Cause { get; init; }
    public string? ErrorPath { get; init; }
    public string? CausePath { get; init; }

    public override string Type => "Fail";
}

/// <summary>A Retry clause, with the spec's defaults.</summary>
public sealed record Retrier(IReadOnlyList<string> ErrorEquals, double IntervalSeconds = 1, int MaxAttempts = 3,
    double BackoffRate = 2.0, double? MaxDelaySeconds = null)
{
    public bool Matches(string error) => ErrorMatching.Matches(ErrorEquals, error);
}

/// <summary>A Catch clause; its ResultPath places <c>{Error, Cause}</c> into the state's input.</summary>
public sealed record Catcher(IReadOnlyList<string> ErrorEquals, string Next, string? ResultPath = "$")
{
    public bool Matches(string error) => ErrorMatching.Matches(ErrorEquals, error);
}

public static class ErrorMatching
{
    /// <summary>
    /// ErrorEquals semantics. As in Step Functions, States.ALL does not match States.Runtime: a
    /// broken path or template is a bug in the definition, and retrying it cannot help.
    /// </summary>
    public static bool Matches(IReadOnlyList<string> errorEquals, string error) =>
        errorEquals.Contains(error) || (errorEquals.Contains(AslErrors.All) && error != AslErrors.Runtime);
}
