using Joy.Application.EventStore;

namespace Joy.Web.Security;

/// <summary>The request's principal and trace id as event metadata (the audit trail of who did what).</summary>
public sealed class HttpRequestMetadata(IHttpContextAccessor accessor) : IRequestMetadata
{
    public EventMetadata? Current => accessor.HttpContext is { } context ? context.EventMetadata() : null;
}

public static class HttpContextMetadataExtensions
{
    public static EventMetadata EventMetadata(this HttpContext context) =>
        new(CorrelationId: context.TraceIdentifier, Actor: context.User.Identity?.IsAuthenticated == true ? context.User.Identity.Name : null);
}
