namespace Joy.Application.Security;

/// <summary>
/// A Wolverine.Http endpoint needs <see cref="Role"/> or above. The host turns it into the same
/// policy and 401/403 responses as a minimal API route's <c>.RequireRole(...)</c>; a route with
/// neither needs a reader (the fallback policy).
/// </summary>
[AttributeUsage(AttributeTargets.Method)]
public sealed class RequiresRoleAttribute(Role role) : Attribute
{
    public Role Role { get; } = role;
}
