using System.Text.Json.Nodes;

namespace Joy.Domain.Asl;

/// <summary>The outcome of parsing a definition: the machine if it is valid, and every problem found.</summary>
public sealed record AslParseResult(MachineDefinition? Machine, IReadOnlyList<ValidationProblem> Problems)
{
    public bool IsValid => Problems.Count == 0 && Machine is not null;
}

/// <summary>
/// Parses and validates the Amazon States Language subset Joy runs. It never stops at the first
/// problem: each is recorded with a JSON pointer into the definition (nested machines included).
/// </summary>
public sealed partial class AslParser
{
    private readonly List<ValidationProblem> _problems = [];
    private readonly IReadOnlySet<string>? _knownActors;
    private readonly string _root;
    private readonly Dictionary<string, string> _statePointers = new(StringComparer.Ordinal);

    private AslParser(IReadOnlySet<string>? knownActors, string root)
    {
        _knownActors = knownActors;
        _root = root;
    }

    /// <param name="knownActors">Actor names a Task may use; null skips that check (e.g. on replay).</param>
    /// <param name="at">
    /// The JSON pointer of the definition in the document being validated: problems point into that
    /// document, and so does a message that names another place.
    /// </param>
    public static AslParseResult Parse(JsonNode? definition, IReadOnlySet<string>? knownActors = null, string at = "")
    {
        var parser = new AslParser(knownActors, at);
        var machine = parser.ParseMachine(definition, at);
        return new AslParseResult(parser._problems.Count == 0 ? machine : null, parser._problems);
    }

    /// <summary>
    /// For definitions validated before they were stored (an instance's, a state machine's). Each
    /// passed the rules of the Joy that stored it; a rule added since (unique state names, strict
    /// timestamps, JsonMerge's false) must not make an instance's history unreadable, so problems are
    /// ignored here as long as there is a machine to run. No machine at all would be a bug.
    /// </summary>
    public static MachineDefinition ParseValid(JsonNode? definition)
    {
        var parser = new AslParser(null, "");
        var machine = parser.ParseMachine(definition, "");
        return machine is not null && machine.States.ContainsKey(machine.StartAt) ? machine : throw new InvalidOperationException(
            "Stored definition is invalid: " + string.Join("; ", parser._problems.Select(p => $"{p.Pointer}: {p.Message}")));
    }

    private void Problem(string pointer, string message) => _problems.Add(new ValidationProblem(pointer, message));

    private static string Pointer(string parent, string member) =>
        parent + "/" + member.Replace("~", "~0", StringComparison.Ordinal).Replace("/", "~1", StringComparison.Ordinal);

    private MachineDefinition? ParseMachine(JsonNode? node, string pointer)
    {
        if (node is not JsonObject obj)
        {
            Problem(pointer, "A state machine must be a JSON object.");
            return null;
        }

        CheckFields(obj, "Machine", pointer);
        var startAt = String(obj, "StartAt", pointer, required: true);
        var timeout = Integer(obj, "TimeoutSeconds", pointer, minimum: 1);
        if (pointer != _root && obj.ContainsKey("TimeoutSeconds"))
        {
            // Only the whole execution and Tasks have a timeout; accepting one here would promise what never happens.
            Problem(Pointer(pointer, "TimeoutSeconds"),
                "A Parallel branch or Map iterator cannot have its own TimeoutSeconds; put it on its Task states or on the whole state machine.");
        }

        var states = new Dictionary<string, StateDefinition>(StringComparer.Ordinal);
        if (obj["States"] is not JsonObject stateNodes || stateNodes.Count == 0)
        {
            Problem(Pointer(pointer, "States"), "States is required and must be an object with at least one state.");
        }
        else
        {
            // Names first, then nested machines: a nested state is the one listed as reusing a name.
            foreach (var (name, _) in stateNodes)
            {
                CheckUnique(name, Pointer(Pointer(pointer, "States"), name));
            }

            foreach (var (name, stateNode) in stateNodes)
            {
                var state = ParseState(name, stateNode, Pointer(Pointer(pointer, "States"), name));
                if (state is not null)
                {
                    states[name] = state;
                }
            }
        }

        var machine = new MachineDefinition(startAt ?? "", states, timeout);
        if (startAt is not null && obj["States"] is JsonObject all)
        {
            CheckGraph(machine, all, pointer);
        }

        return machine;
    }

    /// <summary>
    /// The States Language wants a state name unique in the whole state machine, branches and
    /// iterators included (Step Functions refuses a reused one), not just in its own States object.
    /// </summary>
    private void CheckUnique(string name, string pointer)
    {
        if (!_statePointers.TryAdd(name, pointer))
        {
            Problem(pointer, $"State name '{name}' is also used at {_statePointers[name]}: "
                + "a state name must be unique in the whole state machine, Parallel branches and Map iterators included.");
        }
    }
}
