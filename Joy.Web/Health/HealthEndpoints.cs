using Joy.Executor.Nodes;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;

namespace Joy.Web.Health;

/// <summary>GET /health: PostgreSQL and every configured Docker node, checked live. 503 names what is wrong.</summary>
public static class HealthEndpoints
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(3);

    public static IEndpointRouteBuilder MapHealth(this IEndpointRouteBuilder app)
    {
        app.MapGet("/health", CheckAsync)
            .WithName("GetHealth")
            .WithTags("Health")
            .ProducesProblem(StatusCodes.Status503ServiceUnavailable);
        return app;
    }

    private static async Task<Results<Ok<HealthReport>, ProblemHttpResult>> CheckAsync(
        NodeProbe probe, IConfiguration configuration, CancellationToken cancellationToken)
    {
        var database = DatabaseProbe.CheckAsync(configuration.GetConnectionString("Joy"), Timeout, cancellationToken);
        var nodes = await probe.ProbeAllAsync(Timeout, cancellationToken);
        var report = new HealthReport(
            await database,
            nodes.ToDictionary(node => node.Name));
        var problems = (report.Database.Error is { } dbError ? [$"PostgreSQL: {dbError}"] : Array.Empty<string>())
            .Concat(nodes.Where(node => !node.IsHealthy).Select(node => $"node '{node.Name}': {node.Error}"))
            .ToList();
        if (problems.Count == 0)
        {
            return TypedResults.Ok(report);
        }

        return TypedResults.Problem(new ProblemDetails
        {
            Status = StatusCodes.Status503ServiceUnavailable,
            Title = "Joy is not healthy",
            Detail = string.Join("; ", problems),
            Extensions =
            {
                ["problems"] = problems,
                ["database"] = report.Database,
                ["nodes"] = report.Nodes,
            },
        });
    }
}

public sealed record HealthReport(DatabaseHealth Database, IReadOnlyDictionary<string, NodeHealth> Nodes)
{
    public string Status => Database.Reachable && Nodes.Values.All(node => node.IsHealthy) ? "Healthy" : "Unhealthy";
}

public sealed record DatabaseHealth(bool Reachable, string? Error);
