using Joy.Executor.Nodes;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;

namespace Joy.Web.Health;

/// <summary>GET /health: PostgreSQL, the event store's daemon and every configured Docker node, checked live. 503 names what is wrong.</summary>
public static class HealthEndpoints
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(3);

    /// <summary>The probes /health runs beside the executor's node probe.</summary>
    public static IServiceCollection AddJoyHealth(this IServiceCollection services) => services.AddSingleton<EventStoreProbe>();

    public static IEndpointRouteBuilder MapHealth(this IEndpointRouteBuilder app)
    {
        app.MapGet("/health", CheckAsync)
            .WithName("GetHealth")
            .WithTags("Health")
            .ProducesProblem(StatusCodes.Status503ServiceUnavailable)
            .AllowAnonymous(); // a load balancer's probe carries no credential; it tells nothing but up or down
        return app;
    }

    private static async Task<Results<Ok<HealthReport>, ProblemHttpResult>> CheckAsync(
        NodeProbe probe, EventStoreProbe eventStore, IConfiguration configuration, CancellationToken cancellationToken)
    {
        var database = await DatabaseProbe.CheckAsync(configuration.GetConnectionString("Joy"), Timeout, cancellationToken);
        var nodes = await probe.ProbeAllAsync(Timeout, cancellationToken);
        var events = database.Reachable
            ? await eventStore.CheckAsync(cancellationToken)
            : new EventStoreHealth(false, 0, "PostgreSQL is unreachable");
        var report = new HealthReport(database, events, nodes.ToDictionary(node => node.Name));
        var problems = (report.Database.Error is { } dbError ? [$"PostgreSQL: {dbError}"] : Array.Empty<string>())
            .Concat(database.Reachable && events.Error is { } eventsError ? [$"event store: {eventsError}"] : [])
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
                ["eventStore"] = report.EventStore,
                ["nodes"] = report.Nodes,
            },
        });
    }
}

public sealed record HealthReport(DatabaseHealth Database, EventStoreHealth EventStore, IReadOnlyDictionary<string, NodeHealth> Nodes)
{
    public string Status => Database.Reachable && EventStore.Healthy && Nodes.Values.All(node => node.IsHealthy) ? "Healthy" : "Unhealthy";
}

public sealed record DatabaseHealth(bool Reachable, string? Error);
