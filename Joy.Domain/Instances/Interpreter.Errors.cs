using System.Text.Json.Nodes;
using Joy.Domain.Asl;

namespace Joy.Domain.Instances;

public static partial class Interpreter
{
    /// <summary>A state failed: retry it, catch it, or fail its (sub-)machine.</summary>
    private static void HandleError(Session s, string path, string error, string cause)
    {
        var frame = s.Frame(path);
        var work = frame.State as WorkState;
        if (work is not null && ScheduleRetry(s, frame, work, error, cause))
        {
            return;
        }

        var catcher = work?.Catch.FirstOrDefault(c => c.Matches(error));
        if (catcher is null)
        {
            s.Emit(new StateFailed(path, error, cause, null, s.Now));
            ScopeFailed(s, frame.Scope, error, cause);
            return;
        }

        s.Emit(new StateFailed(path, error, cause, catcher.Next, s.Now));
        JsonNode? output;
        try
        {
            var errorOutput = new JsonObject { ["Error"] = error, ["Cause"] = cause };
            output = catcher.ResultPath is null ? frame.Input?.DeepClone() : JsonPath.Set(frame.Input, catcher.ResultPath, errorOutput);
        }
        catch (AslRuntimeException e)
        {
            ScopeFailed(s, frame.Scope, e.Error, e.Cause);
            return;
        }

        Enter(s, frame.Scope, catcher.Next, output);
    }

    /// <summary>
    /// The first retrier whose ErrorEquals matches decides (as in ASL, later ones are not tried);
    /// a lost node gets <see cref="NodeLostRetrier"/> when no clause names it.
    /// </summary>
    private static bool ScheduleRetry(Session s, Frame frame, WorkState work, string error, string cause)
    {
        var index = work.Retry.ToList().FindIndex(r => r.Matches(error));
        var retrier = index >= 0 ? work.Retry[index] : error == AslErrors.NodeLost ? NodeLostRetrier : null;
        var used = frame.RetrierAttempts.GetValueOrDefault(index);
        if (retrier is null || used >= retrier.MaxAttempts)
        {
            return false;
        }

        var delay = retrier.IntervalSeconds * Math.Pow(retrier.BackoffRate, used);
        if (retrier.MaxDelaySeconds is double max)
        {
            delay = Math.Min(delay, max);
        }

        s.Emit(new RetryScheduled(frame.Path, $"t{s.State.TimerSequence}", frame.Attempt + 1, index, error, cause,
            s.Now.AddSeconds(delay), s.Now));
        return true;
    }

    private static void ScopeSucceeded(Session s, string scope, JsonNode? output)
    {
        if (scope.Length == 0)
        {
            s.Emit(new InstanceSucceeded(output?.DeepClone(), s.Now));
            return;
        }

        var info = s.State.Scopes[scope];
        var parentPath = info.ParentPath!;
        s.Emit(new BranchSucceeded(parentPath, info.Index, output?.DeepClone(), s.Now));
        Guard(s, parentPath, () => Continue(s, s.Frame(parentPath)));
    }

    /// <summary>
    /// An uncaught error ends its machine. At the top the instance fails; in a branch or
    /// iteration the siblings are abandoned (their runs cancelled) and the Parallel/Map state fails.
    /// </summary>
    private static void ScopeFailed(Session s, string scope, string error, string cause)
    {
        if (scope.Length == 0)
        {
            CancelRuns(s, s.State.ActiveRuns, $"The instance failed: {error}");
            s.Emit(new InstanceFailed(error, cause, s.Now));
            return;
        }

        var info = s.State.Scopes[scope];
        var parentPath = info.ParentPath!;
        var prefix = parentPath + "[";
        CancelRuns(s, s.State.ActiveRuns.Where(r => r.Path.StartsWith(prefix, StringComparison.Ordinal)),
            $"A sibling of {scope} failed: {error}");
        s.Emit(new BranchFailed(parentPath, info.Index, error, cause, s.Now));
        HandleError(s, parentPath, error, cause);
    }

    private static List<string> CancelRuns(Session s, IEnumerable<RunInfo> runs, string reason)
    {
        var ids = runs.Select(r => r.RunId).ToList();
        foreach (var id in ids)
        {
            s.Emit(new ActorRunCancelled(id, reason, s.Now));
        }

        return ids;
    }
}
