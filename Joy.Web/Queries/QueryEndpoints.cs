namespace Joy.Web.Queries;

/// <summary>Every query-side route: audit, list, feed, nodes, statistics, projection admin, dead letters.</summary>
public static class QueryEndpoints
{
    public static IEndpointRouteBuilder MapQueries(this IEndpointRouteBuilder endpoints)
    {
        var instances = endpoints.MapGroup("/api/v1/StateMachineInstance").WithTags("StateMachineInstance");
        instances.MapInstanceList();
        instances.MapAudit();
        endpoints.MapEventFeed();
        endpoints.MapDockerNodes();
        endpoints.MapStatistics();
        endpoints.MapProjectionAdmin();
        endpoints.MapDeadLetters();
        return endpoints;
    }
}
