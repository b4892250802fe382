namespace Joy.Domain.Instances;

/// <summary>
/// The pure state-machine interpreter: <see cref="Decide"/> turns a command into events,
/// <see cref="Evolve"/> folds them. Decide works by emitting an event and folding it at once,
/// so each step sees the state the previous ones left; time comes in as <c>now</c>.
/// </summary>
public static partial class Interpreter
{
    public static IReadOnlyList<InstanceEvent> Decide(InstanceCommand command, InstanceState state, DateTimeOffset now)
    {
        var session = new Session(state, now);
        switch (command, state.Status)
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

        return session.Events;
    }

    /// <summary>The events of one decision, folded as they are emitted.</summary>
    private sealed class Session(InstanceState state, DateTimeOffset now)
    {
        public InstanceState State { get; private set; } = state;
        public DateTimeOffset Now { get; } = now;
        public List<InstanceEvent> Events { get; } = [];

        public void Emit(InstanceEvent @event)
        {
            Events.Add(@event);
            State = Evolve(State, @event);
        }

        public Frame Frame(string path) => State.Frames[path];
    }
}
