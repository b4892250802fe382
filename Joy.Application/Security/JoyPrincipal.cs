using System.Security.Claims;

namespace Joy.Application.Security;

/// <summary>A Joy principal: a name (key name, certificate subject or token subject), a role, how it proved itself.</summary>
public static class JoyPrincipal
{
    public const string CredentialClaim = "joy/credential";

    public static ClaimsPrincipal Create(string name, Role role, string credential) =>
        new(new ClaimsIdentity(
            [new Claim(ClaimTypes.Name, name), new Claim(Roles.ClaimType, role.Name()), new Claim(CredentialClaim, credential)],
            credential, ClaimTypes.Name, Roles.ClaimType));

    public static Role? RoleOf(ClaimsPrincipal user) =>
        user.Identity?.IsAuthenticated == true && Roles.TryParse(user.FindFirstValue(Roles.ClaimType), out var role) ? role : null;
}
