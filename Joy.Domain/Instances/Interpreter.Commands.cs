namespace Joy.Domain.Instances;

public static partial class Interpreter
{
    private static void Fire(Session s, FireTimer timer)
    {
        if (s.State.ExecutionTimer?.TimerId == timer.TimerId)
        {
            s.Emit(new TimerFired(timer.TimerId, "", s.Now));
            CancelRuns(s, s.State.ActiveRuns, "The execution timed out");
            s.Emit(new InstanceFailed(Asl.AslErrors.Timeout, $"The execution ran longer than its TimeoutSeconds ({s.State.Machine!.TimeoutSeconds}).", s.Now));
            return;
        }

        var frame = s.State.Frames.Values.FirstOrDefault(f => f.TimerId == timer.TimerId);
        if (frame is null)
        {
            return; // fired twice, or for a state that has moved on
        }

        s.Emit(new TimerFired(timer.TimerId, frame.Path, s.Now));
        frame = s.Frame(frame.Path);
        if (frame.State is Asl.WaitState wait)
        {
            Guard(s, frame.Path, () => Exit(s, frame, ApplyOutputPath(s, frame, ApplyInputPath(s, frame)), wait.Next));
        }
        else
        {
            Execute(s, frame.Path); // a retry: run the state's body again
        }
    }

    private static void Cancel(Session s, CancelInstance cancel)
    {
        var killed = CancelRuns(s, s.State.ActiveRuns, cancel.Reason);
        s.Emit(new InstanceCancelled(cancel.Reason, killed, s.Now));
    }

    /// <summary>
    /// Re-enters a top-level state with the input it had last time, so the results of the states
    /// before it are kept; anything still running is cancelled first.
    /// </summary>
    private static void Rerun(Session s, RerunInstance rerun)
    {
        if (s.State.Status == InstanceStatus.NotStarted)
        {
            throw new InstanceCommandRejectedException("The instance has not started.");
        }

        if (!s.State.TopLevelInputs.TryGetValue(rerun.FromState, out var input))
        {
            throw new InstanceCommandRejectedException($"'{rerun.FromState}' is not a top-level state this instance has entered.");
        }

        CancelRuns(s, s.State.ActiveRuns, $"Re-run from {rerun.FromState}");
        s.Emit(new RerunRequested(rerun.FromState, rerun.Parameters, s.Now));
        BeginExecution(s, rerun.FromState, input);
    }

    private static void RecordCallback(Session s, RecordCallbackAttempt callback)
    {
        if (!s.State.IsFinished)
        {
            throw new InstanceCommandRejectedException("Callbacks are made when the instance has ended.");
        }

        s.Emit(callback.Error is null && callback.Status is int status and >= 200 and < 300
            ? new CallbackDelivered(callback.Attempt, status, s.Now)
            : new CallbackFailed(callback.Attempt, callback.Status, callback.Error ?? $"HTTP {callback.Status}", s.Now + callback.RetryAfter, s.Now));
    }
}
