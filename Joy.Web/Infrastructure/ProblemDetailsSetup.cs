using System.Text.Json.Serialization;

namespace Joy.Web.Infrastructure;

/// <summary>
/// One error policy: RFC 7807 ProblemDetails for every error, never the exception text or stack.
/// Handlers return ProblemDetails for what they anticipate; <see cref="JoyExceptionHandler"/>
/// translates everything thrown; status-code pages fill in bodiless 4xx (unknown route, 405).
/// </summary>
public static class ProblemDetailsSetup
{
    public static IServiceCollection AddJoyProblemDetails(this IServiceCollection services)
    {
        services.AddProblemDetails(options =>
        {
            options.CustomizeProblemDetails = context =>
            {
                UnreadableBodyProblem.Rewrite(context.ProblemDetails);
                UnparseableQueryProblem.Rewrite(context);
                context.ProblemDetails.Instance ??= context.HttpContext.Request.Path;
                context.ProblemDetails.Extensions["traceId"] = context.HttpContext.TraceIdentifier;
            };
        });
        services.AddExceptionHandler<JoyExceptionHandler>();

        // Binding failures of minimal API routes (a query value of the wrong type, an unreadable JSON body) throw
        // BadHttpRequestException in every environment, so the handler above formats them the same
        // way instead of production answering with an empty 400.
        services.Configure<RouteHandlerOptions>(options => options.ThrowOnBadRequest = true);

        // The web defaults read "42" as a number; here a number sent as a string is a wrong type
        // (400), and the OpenAPI document says integer rather than integer-or-string.
        services.ConfigureHttpJsonOptions(options => options.SerializerOptions.NumberHandling = JsonNumberHandling.Strict);
        return services;
    }
}
