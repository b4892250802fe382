namespace Joy.Domain.Instances;

/// <summary>
/// The pure state-machine interpreter: <see cref="Decide"/> turns a command into events,
/// <see cref="Evolve"/> folds them. Decide works by emitting an event and folding it at once,
/// so each step sees the state the previous ones left; time comes in as <c>now</c>.
/// </summary>
public static partial class Interpreter
{
    /// <summary>More state entries than this in one decision means a loop with no Task or Wait in it.</summary>
    public const int MaxTransitionsPerDecision = 10_000;

    public static IReadOnlyList<InstanceEvent> Decide(InstanceCommand command, InstanceState state, DateTimeOffset now)
    {
        var session = new Session(state, now);
        try
        {
            Run(session, command);
            return session.Events;
        }
        catch (Exception e) when (e is TransitionLimitException or InsufficientExecutionStackException)
        {
            // A runaway definition fails its instance rather than taking the process down. What the
            // command itself reported (the run's result, the timer) is kept; the runaway steps are not.
            var failed = new Session(state, now);
            foreach (var reported in session.Events.TakeWhile(IsReport))
            {
                failed.Emit(reported);
            }

            CancelRuns(failed, failed.State.ActiveRuns, "The instance failed: States.Runtime");
            failed.Emit(new InstanceFailed(Asl.AslErrors.Runtime,
                $"More than {MaxTransitionsPerDecision} state transitions (or too deep a nesting) without a Task or Wait in between.", now));
            return failed.Events;
        }
    }

    private static bool IsReport(InstanceEvent e) => e is InstanceStarted or ActorRunSucceeded or ActorRunFailed
        or ActorRunCancelled or TimerFired or RerunRequested;

    private static void Run(Session session, InstanceCommand command)
    {
        switch (command, session.State.Status)
        {
            case (StartInstance start, InstanceStatus.NotStarted):
                Start(session, start);
                break;
            case (StartInstance, _):
                break; // already started: the same start delivered twice changes nothing
            case (MarkActorRunStarted run, _):
                MarkStarted(session, run);
                break;
            case (CompleteActorRun run, InstanceStatus.Running):
                Complete(session, run);
                break;
            case (FailActorRun run, InstanceStatus.Running):
                Fail(session, run);
                break;
            case (FireTimer timer, InstanceStatus.Running):
                Fire(session, timer);
                break;
            case (CancelInstance cancel, InstanceStatus.Running):
                Cancel(session, cancel);
                break;
            case (RerunInstance rerun, _):
                Rerun(session, rerun);
                break;
            case (RecordCallbackAttempt callback, _):
                RecordCallback(session, callback);
                break;
            default:
                break; // a late report, timer or cancel for an instance that has ended: nothing to do
        }
    }

    /// <summary>The events of one decision, folded as they are emitted.</summary>
    private sealed class Session(InstanceState state, DateTimeOffset now)
    {
        public InstanceState State { get; private set; } = state;
        public DateTimeOffset Now { get; } = now;
        public List<InstanceEvent> Events { get; } = [];
        public int Transitions { get; set; }

        public void Emit(InstanceEvent @event)
        {
            Events.Add(@event);
            State = Evolve(State, @event);
        }

        public Frame Frame(string path) => State.Frames[path];
    }

    private sealed class TransitionLimitException() : Exception("Too many state transitions in one decision.");
}
