using Joy.Application.Queries;
using Marten;

namespace Joy.Web.Queries;

/// <summary>
/// <c>Joy.Web --rebuild-projections [name|all]</c>: bring the schema up to date (Marten's and Joy's tables), rebuild the named
/// projection (or every one) from the event log, print what was replayed, exit. No HTTP server.
/// </summary>
public static class RebuildCommand
{
    public const string Switch = "--rebuild-projections";

    public static bool IsRequested(string[] args) => args.Contains(Switch, StringComparer.Ordinal);

    public static async Task<int> RunAsync(IServiceProvider services, string[] args, TextWriter output)
    {
        var index = Array.IndexOf(args, Switch);
        var name = index + 1 < args.Length && !args[index + 1].StartsWith("--", StringComparison.Ordinal) ? args[index + 1] : "all";
        await services.GetRequiredService<IDocumentStore>().Storage.ApplyAllConfiguredChangesToDatabaseAsync();
        var admin = services.GetRequiredService<ProjectionAdmin>();
        var targets = name == "all" ? admin.Projections : admin.Find(name) is { } one ? [one] : [];
        if (targets.Count == 0)
        {
            await output.WriteLineAsync($"No projection '{name}'. Known: {string.Join(", ", admin.Projections.Select(p => p.Name))}, all.");
            return 2;
        }

        foreach (var projection in targets)
        {
            var result = await admin.RebuildAsync(projection);
            await output.WriteLineAsync(
                $"Rebuilt {result.Name} ({result.Mode}): {result.EventsReplayed} events replayed up to {result.Checkpoint} in {result.Took.TotalSeconds:0.00} s");
        }

        return 0;
    }
}
