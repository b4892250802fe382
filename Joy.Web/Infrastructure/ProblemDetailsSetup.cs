namespace Joy.Web.Infrastructure;

/// <summary>
/// One error policy: RFC 7807 ProblemDetails for every error, never the exception text or stack.
/// </summary>
public static class ProblemDetailsSetup
{
    public static IServiceCollection AddJoyProblemDetails(this IServiceCollection services)
    {
        services.AddProblemDetails(options =>
        {
            options.CustomizeProblemDetails = context =>
            {
                context.ProblemDetails.Instance ??= context.HttpContext.Request.Path;
                context.ProblemDetails.Extensions["traceId"] = context.HttpContext.TraceIdentifier;
            };
        });
        return services;
    }
}
