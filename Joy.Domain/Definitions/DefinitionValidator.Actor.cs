namespace Joy.Domain.Definitions;

public static partial class DefinitionValidator
{
    public static IReadOnlyList<ValidationProblem> Validate(ActorDefinition actor)
    {
        var problems = new List<ValidationProblem>();
        CheckName(actor.Name, problems);
        if (actor.Image is not null && (actor.Image.Length == 0 || actor.Image.Any(char.IsWhiteSpace)))
        {
            problems.Add(new("/image", "image is an image reference without spaces (or absent for the node's image)."));
        }

        var hasCommand = actor.Command is not null;
        var hasScript = actor.Script is not null;
        if (hasCommand == hasScript)
        {
            problems.Add(new("/command", "Give either command (an argv array) or script (shell text), exactly one."));
        }
        else if (hasCommand && (actor.Command!.Count == 0 || string.IsNullOrEmpty(actor.Command[0])))
        {
            problems.Add(new("/command", "command needs at least the program to run."));
        }
        else if (hasScript && string.IsNullOrWhiteSpace(actor.Script))
        {
            problems.Add(new("/script", "script must not be empty."));
        }

        for (var i = 0; i < (actor.Outputs?.Count ?? 0); i++)
        {
            var output = actor.Outputs![i];
            if (string.IsNullOrWhiteSpace(output) || output.StartsWith('/') || output.Split('/').Contains(".."))
            {
                problems.Add(new($"/outputs/{i}", "An output is a file name or glob relative to the work directory."));
            }
        }

        foreach (var key in actor.Env?.Keys ?? [])
        {
            if (key.Length == 0 || key.Contains('=') || key.Any(char.IsWhiteSpace))
            {
                problems.Add(new($"/env/{key}", "An environment variable name is non-empty, without '=' or spaces."));
            }
        }

        CheckLimitation(actor.Limitation, "/limitation", problems);
        return problems;
    }
}
