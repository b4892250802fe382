using System.Text.Json.Nodes;
using Joy.Domain.Asl;
using Joy.Domain.Definitions;

namespace Joy.Domain.Instances;

public static partial class Interpreter
{
    /// <summary>Default for a lost node even without a Retry clause: two more attempts, elsewhere.</summary>
    public static readonly Retrier NodeLostRetrier = new([AslErrors.NodeLost], IntervalSeconds: 1, MaxAttempts: 2, BackoffRate: 2);

    private static void RequestRun(Session s, Frame frame)
    {
        var task = (TaskState)frame.State;
        var input = EffectiveInput(s, frame);
        var files = Files(input);
        var started = s.State.Started!;
        if (!started.Actors.TryGetValue(task.ActorName, out var actor))
        {
            throw new AslRuntimeException(AslErrors.TaskFailed, $"The actor '{task.ActorName}' was not pinned when the instance started.");
        }

        // State machine < actor < instance, key by key; then the Task's TimeoutSeconds can only shorten it.
        var limits = (s.State.Options.Limitation ?? new Limitation()).Over((actor.Limitation ?? new Limitation()).Over(started.Limitation));
        if (task.TimeoutSeconds is int seconds && (limits.ExecutionTimeout is null || limits.ExecutionTimeout > seconds * 1000L))
        {
            limits = limits with { ExecutionTimeout = seconds * 1000L };
        }

        // Derived from the instance and how many runs it requested before: a replayed or retried
        // decision produces the same id, never a second container for one attempt.
        var runId = DeterministicId.From(started.InstanceId, "run", s.State.RunSequence.ToString(System.Globalization.CultureInfo.InvariantCulture));
        s.Emit(new ActorRunRequested(runId, frame.Path, frame.Attempt, actor with { Limitation = limits }, input, files,
            s.State.Options.Priority, s.Now, s.State.Options.Debug));
    }

    /// <summary><c>files: {name: {"blob": id} | id}</c> in the task's input; absent means no files.</summary>
    public static IReadOnlyDictionary<string, string> Files(JsonNode? input)
    {
        var files = new SortedDictionary<string, string>(StringComparer.Ordinal);
        if (input is not JsonObject obj || !obj.TryGetPropertyValue("files", out var node) || node is null)
        {
            return files;
        }

        if (node is not JsonObject entries)
        {
            throw new AslRuntimeException(AslErrors.Runtime, "The task input's 'files' must be an object of name: blob.");
        }

        foreach (var (name, value) in entries)
        {
            var blob = JsonValues.StringOrNull(value) ?? JsonValues.StringOrNull((value as JsonObject)?["blob"]);
            if (blob is null || name.Length == 0 || name.StartsWith('/') || name.Split('/').Contains(".."))
            {
                throw new AslRuntimeException(AslErrors.Runtime, $"File '{name}' must be a relative name with {{\"blob\": \"<sha256>\"}} or the id string.");
            }

            files[name] = blob;
        }

        return files;
    }

    private static void MarkStarted(Session s, MarkActorRunStarted run)
    {
        if (s.State.Runs.TryGetValue(run.RunId, out var info) && info.Status == RunStatus.Requested)
        {
            s.Emit(new ActorRunStarted(run.RunId, run.Node, run.ContainerId, run.At ?? s.Now));
        }
    }

    /// <summary>The frame waiting for this run, or null for a duplicate or stale report (ignored).</summary>
    private static Frame? Awaiting(Session s, string runId) =>
        s.State.Runs.TryGetValue(runId, out var run) && run.IsActive
        && s.State.Frames.TryGetValue(run.Path, out var frame) && frame.RunId == runId
            ? frame
            : null;

    private static void Complete(Session s, CompleteActorRun run)
    {
        if (Awaiting(s, run.RunId) is not { } frame)
        {
            return;
        }

        var result = run.Result;
        var error = JsonValues.TryBoolean(result["timedOut"], out var timedOut) && timedOut ? AslErrors.Timeout
            : JsonValues.TryNumber(result["exitCode"], out var code) && code != 0 ? AslErrors.ActorExitCode
            : null;
        if (error is null)
        {
            s.Emit(new ActorRunSucceeded(run.RunId, result.DeepClone(), s.Now));
            var task = (TaskState)frame.State;
            Guard(s, frame.Path, () => Exit(s, frame, OutputFromResult(s, frame, result, task.ResultSelector, task.ResultPath), task.Next));
            return;
        }

        // The whole result goes into the Cause as JSON text, so a Catch can still reach the log and outputs.
        var cause = result.ToJsonString();
        s.Emit(new ActorRunFailed(run.RunId, error, cause, result.DeepClone(), s.Now));
        HandleError(s, frame.Path, error, cause);
    }

    private static void Fail(Session s, FailActorRun run)
    {
        if (Awaiting(s, run.RunId) is { } frame)
        {
            s.Emit(new ActorRunFailed(run.RunId, run.Error, run.Cause, null, s.Now));
            HandleError(s, frame.Path, run.Error, run.Cause);
        }
    }

    /// <summary>Runs a step for the state at <paramref name="path"/>, turning a runtime failure into its error.</summary>
    private static void Guard(Session s, string path, Action step)
    {
        try
        {
            step();
        }
        catch (AslRuntimeException e) when (s.State.Frames.ContainsKey(path))
        {
            HandleError(s, path, e.Error, e.Cause);
        }
    }
}
