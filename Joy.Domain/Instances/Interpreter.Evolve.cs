using System.Collections.Immutable;
using Joy.Domain.Asl;

namespace Joy.Domain.Instances;

public static partial class Interpreter
{
    /// <summary>Folds one event; the same events always fold to the same state (replay).</summary>
    public static InstanceState Evolve(InstanceState state, InstanceEvent @event)
    {
        var next = @event switch
        {
            InstanceStarted started => Started(state, started),
            StateEntered entered => Entered(state, entered),
            BranchesPlanned planned => WithFrame(state, planned.Path, f => f with { ChildCount = planned.Count }),
            BranchStarted branch => BranchStartedIn(state, branch),
            BranchSucceeded done => WithFrame(state, done.Path, f => f with { ChildResults = f.ChildResults.SetItem(done.Index, done.Output) })
                with { Scopes = state.Scopes.Remove(ChildScope(done.Path, done.Index)) },
            BranchFailed failed => WithoutDescendants(state, failed.Path),
            ActorRunRequested run => WithFrame(state, run.Path, f => f with { RunId = run.RunId }) with
            {
                Runs = state.Runs.SetItem(run.RunId, new RunInfo(run.RunId, run.Path, run.Attempt, state.RunSequence, RunStatus.Requested)),
                RunSequence = state.RunSequence + 1,
            },
            ActorRunStarted run => WithRun(state, run.RunId, r => r with { Status = RunStatus.Started, Node = run.Node, ContainerId = run.ContainerId }),
            ActorRunSucceeded run => WithRun(state, run.RunId, r => r with { Status = RunStatus.Succeeded }),
            ActorRunFailed run => WithRun(state, run.RunId, r => r with { Status = RunStatus.Failed }),
            ActorRunCancelled run => WithRun(state, run.RunId, r => r with { Status = RunStatus.Cancelled }),
            RetryScheduled retry => WithFrame(state, retry.Path, f => f with
            {
                Attempt = retry.Attempt,
                RetrierAttempts = f.RetrierAttempts.SetItem(retry.RetrierIndex, f.RetrierAttempts.GetValueOrDefault(retry.RetrierIndex) + 1),
                RunId = null,
                TimerId = retry.TimerId,
                DueAt = retry.DueAt,
                ChildCount = 0,
                NextChild = 0,
                ChildResults = ImmutableDictionary<int, System.Text.Json.Nodes.JsonNode?>.Empty,
            }) with { TimerSequence = state.TimerSequence + 1 },
            WaitStarted wait => WithFrame(state, wait.Path, f => f with { TimerId = wait.TimerId, DueAt = wait.DueAt })
                with { TimerSequence = state.TimerSequence + 1 },
            ExecutionTimeoutScheduled timeout => state with
            {
                ExecutionTimer = (timeout.TimerId, timeout.DueAt),
                TimerSequence = state.TimerSequence + 1,
            },
            TimerFired fired when fired.TimerId == state.ExecutionTimer?.TimerId => state with { ExecutionTimer = null },
            TimerFired fired => WithFrame(state, fired.Path, f => f with { TimerId = null, DueAt = null }),
            StateExited exited => state with { Frames = state.Frames.Remove(exited.Path) },
            StateFailed failed => state with { Frames = state.Frames.Remove(failed.Path) },
            InstanceSucceeded done => Ended(state, InstanceStatus.Succeeded) with { Output = done.Output },
            InstanceFailed failed => Ended(state, InstanceStatus.Failed) with { Error = failed.Error, Cause = failed.Cause },
            InstanceCancelled => Ended(state, InstanceStatus.Cancelled),
            RerunRequested rerun => Ended(state, InstanceStatus.Running) with
            {
                Options = state.Options with { Parameters = rerun.Parameters ?? state.Options.Parameters },
            },
            CallbackDelivered or CallbackFailed => state,
            _ => throw new InvalidOperationException($"Unknown event {@event.GetType().Name}"),
        };
        return next with { Version = state.Version + 1 };
    }

    public static InstanceState Fold(IEnumerable<InstanceEvent> events) => events.Aggregate(InstanceState.Initial, Evolve);

    private static InstanceState Started(InstanceState state, InstanceStarted started)
    {
        var machine = AslParser.ParseValid(started.Definition);
        return state with
        {
            Status = InstanceStatus.Running,
            Started = started,
            Machine = machine,
            Options = started.Options,
            Scopes = state.Scopes.SetItem("", new ScopeInfo("", null, -1, machine)),
        };
    }

    private static InstanceState Entered(InstanceState state, StateEntered entered)
    {
        var definition = state.Scopes[entered.Scope].Machine[entered.StateName];
        var frame = new Frame(entered.Path, entered.Scope, definition, entered.Input, entered.At, state.Version);
        var topLevel = entered.Scope.Length == 0 ? state.TopLevelInputs.SetItem(entered.StateName, entered.Input) : state.TopLevelInputs;
        return state with { Frames = state.Frames.SetItem(entered.Path, frame), TopLevelInputs = topLevel };
    }

    private static InstanceState BranchStartedIn(InstanceState state, BranchStarted branch)
    {
        var parent = state.Frames[branch.Path];
        var machine = parent.State switch
        {
            ParallelState parallel => parallel.Branches[branch.Index],
            MapState map => map.Iterator,
            _ => throw new InvalidOperationException($"State {branch.Path} has no branches"),
        };
        var id = ChildScope(branch.Path, branch.Index);
        return WithFrame(state, branch.Path, f => f with { NextChild = Math.Max(f.NextChild, branch.Index + 1) })
            with { Scopes = state.Scopes.SetItem(id, new ScopeInfo(id, branch.Path, branch.Index, machine)) };
    }

    /// <summary>A failed branch takes its siblings with it: every frame and scope below the state goes.</summary>
    private static InstanceState WithoutDescendants(InstanceState state, string path)
    {
        var prefix = path + "[";
        return state with
        {
            Frames = state.Frames.RemoveRange(state.Frames.Keys.Where(k => k.StartsWith(prefix, StringComparison.Ordinal))),
            Scopes = state.Scopes.RemoveRange(state.Scopes.Keys.Where(k => k.StartsWith(prefix, StringComparison.Ordinal))),
        };
    }

    private static InstanceState Ended(InstanceState state, InstanceStatus status) => state with
    {
        Status = status,
        Frames = ImmutableDictionary<string, Frame>.Empty,
        Scopes = status == InstanceStatus.Running && state.Machine is { } machine
            ? ImmutableDictionary<string, ScopeInfo>.Empty.Add("", new ScopeInfo("", null, -1, machine))
            : state.Scopes,
        ExecutionTimer = null,
        Output = null,
        Error = null,
        Cause = null,
    };

    private static InstanceState WithFrame(InstanceState state, string path, Func<Frame, Frame> change) =>
        state.Frames.TryGetValue(path, out var frame) ? state with { Frames = state.Frames.SetItem(path, change(frame)) } : state;

    private static InstanceState WithRun(InstanceState state, string runId, Func<RunInfo, RunInfo> change) =>
        state.Runs.TryGetValue(runId, out var run) ? state with { Runs = state.Runs.SetItem(runId, change(run)) } : state;

    public static string ChildScope(string path, int index) => $"{path}[{index}]";

    public static string StatePath(string scope, string name) => scope.Length == 0 ? name : $"{scope}/{name}";
}
