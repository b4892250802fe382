namespace Joy.Application.Execution;

/// <summary>
/// File names of inputs and outputs are relative paths under the work dir. Checked before any container
/// exists, so a bad name never leaves anything behind; the web layer can use the same check for a 400.
/// </summary>
public static class ActorFileNames
{
    /// <summary>Every problem with the request's input names and declared outputs, empty when all are fine.</summary>
    public static IReadOnlyList<string> Validate(ActorRunRequest request)
    {
        var problems = new List<string>();
        foreach (var name in request.Inputs.Keys)
        {
            if (Problem(name) is { } problem)
            {
                problems.Add($"input '{name}': {problem}");
            }
        }

        foreach (var name in request.Actor.Outputs)
        {
            if (Problem(name) is { } problem)
            {
                problems.Add($"output '{name}': {problem}");
            }
        }

        if (request.Actor.Command is null && request.Actor.Script is null)
        {
            problems.Add($"actor '{request.Actor.Name}' has neither a command nor a script");
        }

        return problems;
    }

    /// <summary>Why <paramref name="name"/> may not be used, or null when it is a safe relative path.</summary>
    public static string? Problem(string name)
    {
        if (string.IsNullOrWhiteSpace(name))
        {
            return "is empty";
        }

        if (name.StartsWith('/'))
        {
            return "is absolute";
        }

        if (name.Contains('\0'))
        {
            return "contains a NUL character";
        }

        var segments = name.Split('/');
        if (segments.Contains(".."))
        {
            return "contains '..' and could escape the work dir";
        }

        if (segments.Any(segment => segment.Length == 0 || segment == "."))
        {
            return "has an empty or '.' segment";
        }

        return segments[0] == ".joy" ? "is under .joy/, which the executor reserves" : null;
    }
}
