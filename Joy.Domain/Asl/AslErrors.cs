namespace Joy.Domain.Asl;

/// <summary>Error names a state can fail with (ASL's predefined ones plus Joy's).</summary>
public static class AslErrors
{
    public const string All = "States.ALL";
    public const string Runtime = "States.Runtime";
    public const string Timeout = "States.Timeout";
    public const string TaskFailed = "States.TaskFailed";
    public const string NoChoiceMatched = "States.NoChoiceMatched";
    public const string ParameterPathFailure = "States.ParameterPathFailure";
    public const string ResultPathMatchFailure = "States.ResultPathMatchFailure";
    public const string IntrinsicFailure = "States.IntrinsicFailure";
    public const string BranchFailed = "States.BranchFailed";
    public const string ActorExitCode = "Actor.ExitCode";
    public const string NodeLost = "Joy.NodeLost";
}

/// <summary>
/// A failure while evaluating paths, templates or intrinsics at run time. The interpreter turns it
/// into a state failure with <see cref="Error"/> as the error name, so Retry/Catch can handle it.
/// </summary>
public sealed class AslRuntimeException(string error, string cause) : Exception($"{error}: {cause}")
{
    public string Error { get; } = error;
    public string Cause { get; } = cause;
}
