using Joy.Application.Blobs;
using Joy.Application.Execution;
using Joy.Domain.Definitions;

namespace Joy.Application.Instances;

/// <summary>Checks a start request's shape, listing every problem (the blobs' existence is checked after).</summary>
internal static class StartValidation
{
    public static Dictionary<string, string[]> Problems(StartInstanceRequest request)
    {
        var problems = new Dictionary<string, string[]>();
        if (string.IsNullOrWhiteSpace(request.Name))
        {
            problems["name"] = ["The state machine's name is required."];
        }

        if (request.Input is not null and not System.Text.Json.Nodes.JsonObject)
        {
            problems["input"] = ["The input must be a JSON object (the initial blobs are added to it as 'blobs')."];
        }

        if (request.IdempotencyKey is { } key && (key.Length == 0 || key.Length > 200))
        {
            problems["idempotencyKey"] = ["An idempotency key has 1 to 200 characters."];
        }

        var names = new HashSet<string>(StringComparer.Ordinal);
        var blobs = request.InitialBlobs ?? [];
        for (var i = 0; i < blobs.Count; i++)
        {
            if (!BlobId.IsValid(blobs[i].Id))
            {
                problems[$"initialBlobs[{i}].id"] = [$"{BlobId.FormatDescription}."];
            }

            if (blobs[i].Name is not { } name)
            {
                problems[$"initialBlobs[{i}].name"] = ["A file name is required."];
            }
            else if (ActorFileNames.Problem(name) is { } problem)
            {
                problems[$"initialBlobs[{i}].name"] = [$"The file name '{name}' {problem}."];
            }
            else if (!names.Add(name))
            {
                problems[$"initialBlobs[{i}].name"] = [$"The name '{name}' is given twice."];
            }
        }

        foreach (var problem in DefinitionValidator.ValidateLimitation(request.Limitation, "limitation"))
        {
            // "limitation/memory" -> "limitation.memory", the request's own key style.
            var field = problem.Pointer.Replace('/', '.');
            problems[field] = [.. problems.GetValueOrDefault(field, []), problem.Message];
        }

        return problems;
    }
}
