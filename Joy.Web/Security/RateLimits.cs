using System.ComponentModel.DataAnnotations;
using System.Globalization;
using System.Threading.RateLimiting;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.RateLimiting;
using Microsoft.Extensions.Options;

namespace Joy.Web.Security;

/// <summary><c>Joy:Auth:RateLimit</c>: each principal's writes (every method but GET, HEAD and OPTIONS) per second.</summary>
public sealed class RateLimitOptions
{
    public const string Section = "Joy:Auth:RateLimit";

    /// <summary>Off: no limit at all.</summary>
    public bool Enabled { get; set; } = true;

    /// <summary>Writes a principal is given back each second.</summary>
    [Range(1, 1_000_000)]
    public int WritesPerSecond { get; set; } = 50;

    /// <summary>Writes a principal may make at once before it has to wait.</summary>
    [Range(1, 1_000_000)]
    public int Burst { get; set; } = 200;
}

/// <summary>
/// Per-principal token buckets (ASP.NET Core rate limiting) over writes, after authorization so a refused request
/// costs nothing. A write over the limit is a 429 ProblemDetails with <c>Retry-After</c>; reads are never limited.
/// </summary>
public static class RateLimits
{
    public static IServiceCollection AddJoyRateLimits(this IServiceCollection services)
    {
        services.AddOptions<RateLimitOptions>().BindConfiguration(RateLimitOptions.Section).ValidateDataAnnotations().ValidateOnStart();
        services.AddRateLimiter(limiter =>
        {
            limiter.GlobalLimiter = PartitionedRateLimiter.Create<HttpContext, string>(context =>
            {
                var options = context.RequestServices.GetRequiredService<IOptionsMonitor<RateLimitOptions>>().CurrentValue;
                if (!options.Enabled || HttpMethods.IsGet(context.Request.Method) || HttpMethods.IsHead(context.Request.Method)
                    || HttpMethods.IsOptions(context.Request.Method) || context.User.Identity?.IsAuthenticated != true)
                {
                    return RateLimitPartition.GetNoLimiter("");
                }

                return RateLimitPartition.GetTokenBucketLimiter($"{context.User.Identity.AuthenticationType}:{context.User.Identity.Name}", _ => new TokenBucketRateLimiterOptions
                {
                    TokenLimit = options.Burst,
                    TokensPerPeriod = options.WritesPerSecond,
                    ReplenishmentPeriod = TimeSpan.FromSeconds(1),
                    QueueLimit = 0,
                    AutoReplenishment = true,
                });
            });
            limiter.OnRejected = RejectAsync;
        });
        return services;
    }

    private static async ValueTask RejectAsync(OnRejectedContext rejected, CancellationToken cancellationToken)
    {
        var context = rejected.HttpContext;
        var wait = rejected.Lease.TryGetMetadata(MetadataName.RetryAfter, out var retryAfter) ? retryAfter : TimeSpan.FromSeconds(1);
        var seconds = Math.Max(1, (int)Math.Ceiling(wait.TotalSeconds));
        context.Response.StatusCode = StatusCodes.Status429TooManyRequests;
        context.Response.Headers.RetryAfter = seconds.ToString(CultureInfo.InvariantCulture);
        var options = context.RequestServices.GetRequiredService<IOptionsMonitor<RateLimitOptions>>().CurrentValue;
        await context.RequestServices.GetRequiredService<IProblemDetailsService>().WriteAsync(new ProblemDetailsContext
        {
            HttpContext = context,
            ProblemDetails = new ProblemDetails
            {
                Status = StatusCodes.Status429TooManyRequests,
                Title = "Too many requests",
                Detail = $"'{context.User.Identity?.Name}' may make {options.WritesPerSecond} writes a second (bursts of {options.Burst}); " +
                    $"retry after {seconds} s. Nothing of this request was done.",
            },
        });
    }
}
