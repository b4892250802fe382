using System.Text.Json.Nodes;
using Joy.Domain.Asl;

namespace Joy.Domain.Instances;

public static partial class Interpreter
{
    private static void Start(Session s, StartInstance start)
    {
        var machine = start.StateMachine;
        var parsed = AslParser.Parse(machine.Definition, start.Actors.Keys.ToHashSet(StringComparer.Ordinal));
        if (!parsed.IsValid)
        {
            throw new InstanceCommandRejectedException("The state machine cannot start: "
                + string.Join("; ", parsed.Problems.Select(p => $"{p.Pointer}: {p.Message}")));
        }

        s.Emit(new InstanceStarted(start.InstanceId, machine.Name, start.StateMachineVersion, machine.Definition!.DeepClone(),
            machine.Limitation, start.Actors, start.Input?.DeepClone(), start.Options, s.Now));
        BeginExecution(s, s.State.Machine!.StartAt, start.Input);
    }

    /// <summary>Enters the first state (at start or re-run), arming the execution timeout if the machine has one.</summary>
    private static void BeginExecution(Session s, string stateName, JsonNode? input)
    {
        if (s.State.Machine!.TimeoutSeconds is int seconds)
        {
            s.Emit(new ExecutionTimeoutScheduled($"t{s.State.TimerSequence}", s.Now.AddSeconds(seconds), s.Now));
        }

        Enter(s, "", stateName, input);
    }

    private static void Enter(Session s, string scope, string name, JsonNode? input)
    {
        if (++s.Transitions > MaxTransitionsPerDecision)
        {
            throw new TransitionLimitException();
        }

        System.Runtime.CompilerServices.RuntimeHelpers.EnsureSufficientExecutionStack();
        var path = StatePath(scope, name);
        var definition = s.State.Scopes[scope].Machine[name];
        s.Emit(new StateEntered(path, scope, name, definition.Type, input?.DeepClone(), s.Now));
        Execute(s, path);
    }

    /// <summary>Runs a state's body; a path or template failure becomes the state's error.</summary>
    private static void Execute(Session s, string path)
    {
        var frame = s.Frame(path);
        try
        {
            switch (frame.State)
            {
                case TaskState:
                    RequestRun(s, frame);
                    break;
                case ParallelState or MapState:
                    FanOut(s, frame);
                    break;
                case PassState pass:
                    var effective = EffectiveInput(s, frame);
                    Exit(s, frame, OutputFromResult(s, frame, pass.HasResult ? pass.Result : effective, null, pass.ResultPath), pass.Next);
                    break;
                case ChoiceState choice:
                    var input = ApplyInputPath(s, frame);
                    var next = ChoiceRules.FirstMatch(choice.Choices, Scope(s, frame, input)) ?? choice.Default
                        ?? throw new AslRuntimeException(AslErrors.NoChoiceMatched, $"No choice rule matched in state '{choice.Name}' and it has no Default.");
                    Exit(s, frame, ApplyOutputPath(s, frame, input), next);
                    break;
                case WaitState wait:
                    StartWait(s, frame, wait);
                    break;
                case SucceedState:
                    Exit(s, frame, ApplyOutputPath(s, frame, ApplyInputPath(s, frame)), null);
                    break;
                case FailState fail:
                    var error = fail.ErrorPath is { } ep ? Text(PayloadTemplate.Evaluate(ep, Scope(s, frame, frame.Input))) : fail.Error;
                    var cause = fail.CausePath is { } cp ? Text(PayloadTemplate.Evaluate(cp, Scope(s, frame, frame.Input))) : fail.Cause;
                    s.Emit(new StateFailed(path, error ?? "States.Fail", cause ?? "", null, s.Now));
                    ScopeFailed(s, frame.Scope, error ?? "States.Fail", cause ?? "");
                    break;
            }
        }
        catch (AslRuntimeException e) when (s.State.Frames.TryGetValue(path, out var current) && current.Entry == frame.Entry)
        {
            HandleError(s, path, e.Error, e.Cause);
        }
    }

    private static string Text(JsonNode? node) => JsonValues.StringOrNull(node)
        ?? throw new AslRuntimeException(AslErrors.Runtime, "A Fail state's ErrorPath/CausePath must select a string.");

    private static void StartWait(Session s, Frame frame, WaitState wait)
    {
        var input = ApplyInputPath(s, frame);
        var dueAt = wait switch
        {
            { Seconds: { } seconds } => s.Now.AddSeconds(seconds),
            { Timestamp: { } text } => Timestamp(JsonValue.Create(text)),
            { SecondsPath: { } path } => JsonValues.TryNumber(PayloadTemplate.Evaluate(path, Scope(s, frame, input)), out var n) && n >= 0
                ? s.Now.AddSeconds(n)
                : throw new AslRuntimeException(AslErrors.Runtime, $"SecondsPath '{path}' must select a non-negative number."),
            { TimestampPath: { } path } => Timestamp(PayloadTemplate.Evaluate(path, Scope(s, frame, input))),
            _ => s.Now,
        };
        if (dueAt <= s.Now)
        {
            Exit(s, frame, ApplyOutputPath(s, frame, input), wait.Next);
            return;
        }

        s.Emit(new WaitStarted(frame.Path, $"t{s.State.TimerSequence}", dueAt, s.Now));
    }

    private static DateTimeOffset Timestamp(JsonNode? node) => JsonValues.TryTimestamp(node, out var value)
        ? value
        : throw new AslRuntimeException(AslErrors.Runtime, $"A Wait timestamp must be {JsonValues.TimestampForm}.");

    /// <summary>Leaves a state: on to <paramref name="next"/>, or the end of its (sub-)machine.</summary>
    private static void Exit(Session s, Frame frame, JsonNode? output, string? next)
    {
        s.Emit(new StateExited(frame.Path, output?.DeepClone(), next, s.Now));
        if (next is not null)
        {
            Enter(s, frame.Scope, next, output);
        }
        else
        {
            ScopeSucceeded(s, frame.Scope, output);
        }
    }
}
