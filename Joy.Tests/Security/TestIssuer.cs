using System.Security.Cryptography;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Tokens;

namespace Joy.Tests.Security;

/// <summary>
/// A tiny OpenID Connect issuer on a loopback port: its discovery document and the JWKS of an RSA key made here,
/// and tokens signed with that key (or with a key it does not publish).
/// </summary>
public sealed class TestIssuer : IAsyncDisposable
{
    private readonly RSA _key = RSA.Create(2048);
    private readonly RSA _unpublished = RSA.Create(2048);
    private WebApplication? _app;

    public string Authority { get; private set; } = "";

    public static async Task<TestIssuer> StartAsync()
    {
        var issuer = new TestIssuer();
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        builder.Logging.ClearProviders();
        var app = builder.Build();
        app.MapGet("/.well-known/openid-configuration", () => Results.Json(new Dictionary<string, string>
        {
            ["issuer"] = issuer.Authority,
            ["jwks_uri"] = $"{issuer.Authority}/jwks",
        }));
        app.MapGet("/jwks", () => Results.Json(new { keys = new[] { issuer.PublicJwk() } }));
        await app.StartAsync();
        issuer._app = app;
        issuer.Authority = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.Single().TrimEnd('/');
        return issuer;
    }

    /// <summary>A token for <paramref name="audience"/> naming <paramref name="subject"/>, with the claims given.</summary>
    public string Token(
        string subject, string audience, IDictionary<string, object>? claims = null, TimeSpan? expiresIn = null, bool signedByAnotherKey = false)
    {
        var expires = DateTime.UtcNow + (expiresIn ?? TimeSpan.FromMinutes(10));
        var all = new Dictionary<string, object> { ["sub"] = subject };
        foreach (var (name, value) in claims ?? new Dictionary<string, object>())
        {
            all[name] = value;
        }

        return new JsonWebTokenHandler().CreateToken(new SecurityTokenDescriptor
        {
            Issuer = Authority,
            Audience = audience,
            Claims = all,
            IssuedAt = expires.AddMinutes(-20),
            NotBefore = expires.AddMinutes(-20),
            Expires = expires,
            SigningCredentials = new SigningCredentials(
                new RsaSecurityKey(signedByAnotherKey ? _unpublished : _key) { KeyId = "test-key" }, SecurityAlgorithms.RsaSha256),
        });
    }

    public async ValueTask DisposeAsync()
    {
        if (_app is not null)
        {
            await _app.DisposeAsync();
        }

        _key.Dispose();
        _unpublished.Dispose();
    }

    private Dictionary<string, string> PublicJwk()
    {
        var parameters = _key.ExportParameters(false);
        return new Dictionary<string, string>
        {
            ["kty"] = "RSA",
            ["use"] = "sig",
            ["alg"] = "RS256",
            ["kid"] = "test-key",
            ["n"] = Base64UrlEncoder.Encode(parameters.Modulus),
            ["e"] = Base64UrlEncoder.Encode(parameters.Exponent),
        };
    }
}
