using System.Text.Json.Nodes;
using Joy.Domain.Asl;

namespace Joy.Domain.Instances;

public static partial class Interpreter
{
    private static void FanOut(Session s, Frame frame)
    {
        var count = frame.State is ParallelState parallel ? parallel.Branches.Count : Items(s, frame).Count;
        s.Emit(new BranchesPlanned(frame.Path, count, s.Now));
        Continue(s, s.Frame(frame.Path));
    }

    /// <summary>
    /// Starts branches while MaxConcurrency allows (0 = all), and when every one is done turns the
    /// results, in branch/item order, into the state's output.
    /// </summary>
    private static void Continue(Session s, Frame frame)
    {
        var work = (WorkState)frame.State;
        var limit = work is MapState { MaxConcurrency: > 0 } map ? map.MaxConcurrency : int.MaxValue;
        // Starting a branch can finish, fail, catch or retry this very state, so re-read it each time.
        while (s.State.Frames.TryGetValue(frame.Path, out var current) && current.Entry == frame.Entry && current.TimerId is null
            && current.NextChild < current.ChildCount && current.RunningChildren < limit)
        {
            StartChild(s, current, current.NextChild);
        }

        if (s.State.Frames.TryGetValue(frame.Path, out var done) && done.Entry == frame.Entry && done.TimerId is null
            && done.ChildResults.Count == done.ChildCount)
        {
            var results = new JsonArray([.. Enumerable.Range(0, done.ChildCount).Select(i => done.ChildResults[i]?.DeepClone())]);
            Exit(s, done, OutputFromResult(s, done, results, work.ResultSelector, work.ResultPath), work.Next);
        }
    }

    private static void StartChild(Session s, Frame frame, int index)
    {
        JsonNode? input;
        if (frame.State is MapState map)
        {
            var items = Items(s, frame);
            var item = items[index];
            input = map.ItemSelector is null
                ? item?.DeepClone()
                : PayloadTemplate.Apply(map.ItemSelector, Scope(s, frame, ApplyInputPath(s, frame), () => Context(s, frame, index, item)));
        }
        else
        {
            input = EffectiveInput(s, frame);
        }

        s.Emit(new BranchStarted(frame.Path, index, input?.DeepClone(), s.Now));
        var scope = ChildScope(frame.Path, index);
        Enter(s, scope, s.State.Scopes[scope].Machine.StartAt, input);
    }

    /// <summary>Map: InputPath, then ItemsPath must select an array.</summary>
    private static JsonArray Items(Session s, Frame frame)
    {
        var map = (MapState)frame.State;
        var input = ApplyInputPath(s, frame);
        var items = map.ItemsPath is { } path ? JsonPath.View(path, input, () => Context(s, frame)) : input;
        return items as JsonArray
            ?? throw new AslRuntimeException(AslErrors.Runtime, $"ItemsPath '{map.ItemsPath}' of state '{map.Name}' must select an array.");
    }
}
