using Joy.Application.EventStore;
using Microsoft.AspNetCore.Http;

namespace Joy.Application.Security;

public static class HttpContextMetadataExtensions
{
    /// <summary>
    /// The request's principal and trace id as event metadata: each command route passes it to its use case, so
    /// every event it causes names who asked (the audit trail of who did what).
    /// </summary>
    public static EventMetadata EventMetadata(this HttpContext context) =>
        new(CorrelationId: context.TraceIdentifier, Actor: context.User.Identity?.IsAuthenticated == true ? context.User.Identity.Name : null);
}
