using System.Reflection;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Metadata;
using Microsoft.AspNetCore.Mvc;

namespace Joy.Application.Definitions;

/// <summary>
/// A ProblemDetails answer whose status is part of its type, so a route's <c>Results&lt;...&gt;</c>
/// tells OpenAPI each status it can give. <c>NotFound&lt;ProblemDetails&gt;</c> would say the same
/// but is written as application/json without the policy's traceId; this goes through
/// <see cref="IProblemDetailsService"/> like every other error.
/// </summary>
public abstract class StatusProblem(ProblemDetails problem) : IResult, IStatusCodeHttpResult, IValueHttpResult, IValueHttpResult<ProblemDetails>
{
    public ProblemDetails Value { get; } = problem;

    object? IValueHttpResult.Value => Value;

    public abstract int StatusCode { get; }

    int? IStatusCodeHttpResult.StatusCode => StatusCode;

    public Task ExecuteAsync(HttpContext httpContext)
    {
        Value.Status = StatusCode;
        return TypedResults.Problem(Value).ExecuteAsync(httpContext);
    }

    protected static void Describe(EndpointBuilder builder, int status) =>
        builder.Metadata.Add(new ProducesResponseTypeMetadata(status, typeof(ProblemDetails), ["application/problem+json"]));
}

/// <summary>404 as ProblemDetails.</summary>
public sealed class NotFoundProblem(ProblemDetails problem) : StatusProblem(problem), IEndpointMetadataProvider
{
    public override int StatusCode => StatusCodes.Status404NotFound;

    public static void PopulateMetadata(MethodInfo method, EndpointBuilder builder) => Describe(builder, StatusCodes.Status404NotFound);
}

/// <summary>409 as ProblemDetails.</summary>
public sealed class ConflictProblem(ProblemDetails problem) : StatusProblem(problem), IEndpointMetadataProvider
{
    public override int StatusCode => StatusCodes.Status409Conflict;

    public static void PopulateMetadata(MethodInfo method, EndpointBuilder builder) => Describe(builder, StatusCodes.Status409Conflict);
}
