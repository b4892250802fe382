namespace Joy.Application.Security;

/// <summary>
/// What a principal may do. Each role includes every role before it: a submitter reads, an operator submits, an
/// admin does everything.
/// </summary>
public enum Role
{
    Reader = 1,
    Submitter = 2,
    Operator = 3,
    Admin = 4,
}

public static class Roles
{
    /// <summary>The claim type a Joy principal's role travels in.</summary>
    public const string ClaimType = "joy/role";

    public static IReadOnlyList<Role> All { get; } = [Role.Reader, Role.Submitter, Role.Operator, Role.Admin];

    /// <summary>The role's name as the API and configuration spell it: <c>reader</c>, <c>submitter</c>, <c>operator</c>, <c>admin</c>.</summary>
    public static string Name(this Role role) => role switch
    {
        Role.Reader => "reader",
        Role.Submitter => "submitter",
        Role.Operator => "operator",
        Role.Admin => "admin",
        _ => throw new ArgumentOutOfRangeException(nameof(role), role, null),
    };

    public static bool TryParse(string? name, out Role role)
    {
        foreach (var candidate in All)
        {
            if (string.Equals(candidate.Name(), name?.Trim(), StringComparison.OrdinalIgnoreCase))
            {
                role = candidate;
                return true;
            }
        }

        role = default;
        return false;
    }

    public static bool Includes(this Role role, Role needed) => role >= needed;
}
