using System.Text.Json.Nodes;

namespace Joy.Domain.Asl;

public sealed partial class AslParser
{
    /// <summary>Transitions name existing states and every state can be reached from StartAt.</summary>
    private void CheckGraph(MachineDefinition machine, JsonObject stateNodes, string pointer)
    {
        var names = stateNodes.Select(pair => pair.Key).ToHashSet(StringComparer.Ordinal);
        if (!names.Contains(machine.StartAt))
        {
            Problem(Pointer(pointer, "StartAt"), $"StartAt names the unknown state '{machine.StartAt}'.");
            return;
        }

        foreach (var (name, state) in machine.States)
        {
            foreach (var (member, target) in Transitions(state))
            {
                if (target.Length > 0 && !names.Contains(target))
                {
                    Problem(Pointer(Pointer(pointer, "States"), name) + member,
                        $"{member.Split('/')[^1]} names the unknown state '{target}'.");
                }
            }
        }

        var reached = new HashSet<string>(StringComparer.Ordinal) { machine.StartAt };
        var pending = new Stack<string>([machine.StartAt]);
        while (pending.TryPop(out var name))
        {
            if (!machine.States.TryGetValue(name, out var state))
            {
                continue;
            }

            foreach (var (_, target) in Transitions(state))
            {
                if (reached.Add(target))
                {
                    pending.Push(target);
                }
            }
        }

        foreach (var name in names.Where(n => !reached.Contains(n)))
        {
            Problem(Pointer(Pointer(pointer, "States"), name), $"State '{name}' is not reachable from StartAt.");
        }
    }

    /// <summary>Each transition as (pointer suffix inside the state, target name).</summary>
    private static IEnumerable<(string Member, string Target)> Transitions(StateDefinition state)
    {
        if (state.Next is not null)
        {
            yield return ("/Next", state.Next);
        }

        if (state is ChoiceState choice)
        {
            for (var i = 0; i < choice.Choices.Count; i++)
            {
                yield return ($"/Choices/{i}/Next", choice.Choices[i].Next);
            }

            if (choice.Default is not null)
            {
                yield return ("/Default", choice.Default);
            }
        }

        if (state is WorkState work)
        {
            for (var i = 0; i < work.Catch.Count; i++)
            {
                yield return ($"/Catch/{i}/Next", work.Catch[i].Next);
            }
        }
    }
}
