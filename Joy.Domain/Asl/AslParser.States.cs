using System.Text.Json.Nodes;

namespace Joy.Domain.Asl;

public sealed partial class AslParser
{
    private static readonly char[] ReservedNameCharacters = ['/', '[', ']'];

    private StateDefinition? ParseState(string name, JsonNode? node, string pointer)
    {
        if (name.Length is 0 or > 80 || name.IndexOfAny(ReservedNameCharacters) >= 0)
        {
            // Joy addresses nested states as "Map[2]/Run", so these characters would be ambiguous.
            Problem(pointer, "A state name has 1 to 80 characters and no '/', '[' or ']'.");
        }

        if (node is not JsonObject obj)
        {
            Problem(pointer, "A state must be a JSON object.");
            return null;
        }

        var type = String(obj, "Type", pointer, required: true);
        CheckFields(obj, type ?? "", pointer);
        StateDefinition? state = type switch
        {
            null => null,
            "Task" => ParseTask(name, obj, pointer),
            "Parallel" => ParseParallel(name, obj, pointer),
            "Map" => ParseMap(name, obj, pointer),
            "Pass" => ParsePass(name, obj, pointer),
            "Choice" => ParseChoice(name, obj, pointer),
            "Wait" => ParseWait(name, obj, pointer),
            "Succeed" => new SucceedState { Name = name },
            "Fail" => ParseFail(name, obj, pointer),
            _ => UnknownType(type, pointer),
        };
        return state is null ? null : WithCommonFields(state, obj, pointer);
    }

    private StateDefinition? UnknownType(string type, string pointer)
    {
        Problem(Pointer(pointer, "Type"), $"Unknown state type '{type}' (Task, Parallel, Map, Pass, Choice, Wait, Succeed, Fail).");
        return null;
    }

    private StateDefinition WithCommonFields(StateDefinition state, JsonObject obj, string pointer)
    {
        var next = String(obj, "Next", pointer);
        var end = Boolean(obj, "End", pointer);
        var flowless = state is ChoiceState or SucceedState or FailState;
        if (flowless && (obj.ContainsKey("Next") || obj.ContainsKey("End")))
        {
            Problem(pointer, $"A {state.Type} state has no Next or End field.");
        }
        else if (!flowless && next is null && end != true)
        {
            Problem(pointer, $"A {state.Type} state that is not terminal needs Next (or End: true).");
        }
        else if (!flowless && next is not null && end == true)
        {
            Problem(pointer, "A state has either Next or End: true, not both.");
        }

        var ioless = state is FailState;
        return state with
        {
            InputPath = ioless ? "$" : PathField(obj, "InputPath", pointer),
            OutputPath = ioless ? "$" : PathField(obj, "OutputPath", pointer),
            Next = flowless ? null : next,
            End = !flowless && end == true,
        };
    }

    private TaskState ParseTask(string name, JsonObject obj, string pointer)
    {
        var resource = String(obj, "Resource", pointer, required: true) ?? "";
        if (!resource.StartsWith("actor:", StringComparison.Ordinal) || resource.Length == 6)
        {
            Problem(Pointer(pointer, "Resource"), $"Resource must be 'actor:NAME', not '{resource}'.");
        }
        else if (_knownActors is not null && !_knownActors.Contains(resource[6..]))
        {
            Problem(Pointer(pointer, "Resource"), $"Resource names the unknown actor '{resource[6..]}'.");
        }

        return WithWorkFields(new TaskState
        {
            Name = name,
            Resource = resource,
            TimeoutSeconds = Integer(obj, "TimeoutSeconds", pointer, minimum: 1),
        }, obj, pointer);
    }

    private ParallelState ParseParallel(string name, JsonObject obj, string pointer)
    {
        var branches = new List<MachineDefinition>();
        if (obj["Branches"] is not JsonArray nodes || nodes.Count == 0)
        {
            Problem(Pointer(pointer, "Branches"), "Branches is required: an array of at least one state machine.");
        }
        else
        {
            for (var i = 0; i < nodes.Count; i++)
            {
                if (ParseMachine(nodes[i], Pointer(pointer, "Branches") + "/" + i) is { } branch)
                {
                    branches.Add(branch);
                }
            }
        }

        return WithWorkFields(new ParallelState { Name = name, Branches = branches }, obj, pointer);
    }

    private MapState ParseMap(string name, JsonObject obj, string pointer)
    {
        foreach (var (modern, legacy) in new[] { ("ItemProcessor", "Iterator"), ("ItemSelector", "Parameters") })
        {
            if (obj.ContainsKey(modern) && obj.ContainsKey(legacy))
            {
                Problem(Pointer(pointer, legacy), $"A Map state has {modern} or its older name {legacy}, not both.");
            }
        }

        var processorName = obj.ContainsKey("ItemProcessor") ? "ItemProcessor" : "Iterator";
        var iterator = ParseMachine(obj[processorName], Pointer(pointer, processorName));
        var selectorName = obj.ContainsKey("ItemSelector") ? "ItemSelector" : "Parameters";
        var map = new MapState
        {
            Name = name,
            Iterator = iterator ?? new MachineDefinition("", new Dictionary<string, StateDefinition>()),
            ItemsPath = PathField(obj, "ItemsPath", pointer),
            ItemSelector = Template(obj, selectorName, pointer),
            MaxConcurrency = Integer(obj, "MaxConcurrency", pointer, minimum: 0) ?? 0,
        };
        // Legacy Map's Parameters is the item selector, so it must not also act as the state's Parameters.
        return WithWorkFields(map, obj, pointer, parametersAllowed: false);
    }

    private PassState ParsePass(string name, JsonObject obj, string pointer) => new()
    {
        Name = name,
        Parameters = Template(obj, "Parameters", pointer),
        Result = obj["Result"]?.DeepClone(),
        HasResult = obj.ContainsKey("Result"),
        ResultPath = PathField(obj, "ResultPath", pointer, writable: true),
    };
}
