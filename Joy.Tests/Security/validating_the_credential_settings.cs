using Joy.Tests.Infrastructure;
using Joy.Web.Security;
using Microsoft.Extensions.Options;

namespace Joy.Tests.Security;

/// <summary>Bad Joy:Auth:Certificates and Joy:Auth:Jwt settings stop the service at start, each problem named.</summary>
public class validating_the_credential_settings
{
    [Fact]
    public void unset_settings_are_valid_and_leave_both_credentials_off()
    {
        new ClientCertificateOptionsValidation().Validate(null, new ClientCertificateOptions()).Succeeded.ShouldBeTrue();
        new JwtOptionsValidation().Validate(null, new JwtOptions()).Succeeded.ShouldBeTrue();
        new ClientCertificateOptions().Enabled.ShouldBeFalse();
        new JwtOptions().Enabled.ShouldBeFalse();
    }

    [Fact]
    public async Task the_service_does_not_start_with_a_bad_setting()
    {
        var settings = new Dictionary<string, string?>
        {
            ["Joy:Dispatcher:Enabled"] = "false",
            ["Joy:Auth:Certificates:CaFile"] = "/nonexistent/clients-ca.pem",
            ["Joy:Auth:Jwt:Authority"] = "https://login.example.org",
        };

        var refused = await Should.ThrowAsync<AggregateException>(async () => await (await JoyApp.StartAsync(settings)).DisposeAsync());

        var messages = refused.InnerExceptions.OfType<OptionsValidationException>().Select(e => e.Message).ToList();
        messages.ShouldContain(m => m.Contains("/nonexistent/clients-ca.pem does not exist"));
        messages.ShouldContain(m => m.Contains("Audience is required"));
    }

    [Fact]
    public void every_certificate_problem_is_listed()
    {
        using var pki = new TestCertificates();
        var options = new ClientCertificateOptions
        {
            CaFile = pki.CaFile,
            Subjects = { ["CN=ok, O=Joy"] = "reader", ["CN=ok2"] = "root", ["not a name"] = "reader" },
            Thumbprints = { ["12AB"] = "admin" },
        };

        var failures = new ClientCertificateOptionsValidation().Validate(null, options).Failures!.ToList();

        failures.Count.ShouldBe(3, string.Join('\n', failures));
        failures.ShouldContain(f => f.Contains("'root' is not a role"));
        failures.ShouldContain(f => f.Contains("'not a name' is not a distinguished name"));
        failures.ShouldContain(f => f.Contains("'12AB' is not a SHA-1 or SHA-256 thumbprint"));
    }

    [Fact]
    public void a_missing_ca_file_and_mappings_without_one_are_refused()
    {
        new ClientCertificateOptionsValidation().Validate(null, new ClientCertificateOptions { CaFile = "/nonexistent/ca.pem" })
            .Failures!.ShouldHaveSingleItem().ShouldContain("/nonexistent/ca.pem does not exist");
        new ClientCertificateOptionsValidation().Validate(null, new ClientCertificateOptions { Subjects = { ["CN=a"] = "reader" } })
            .Failures!.ShouldHaveSingleItem().ShouldContain("CaFile is not");
    }

    [Fact]
    public void an_issuer_needs_an_audience_and_a_role_map_joy_roles()
    {
        var options = new JwtOptions { Authority = "https://login.example.org", Roles = { ["ops"] = "superuser" } };

        var failures = new JwtOptionsValidation().Validate(null, options).Failures!.ToList();

        failures.Count.ShouldBe(2, string.Join('\n', failures));
        failures.ShouldContain(f => f.Contains("Audience is required"));
        failures.ShouldContain(f => f.Contains("Roles:ops: 'superuser' is not a role"));
    }

    [Fact]
    public void an_issuer_on_plain_http_needs_require_https_metadata_off()
    {
        var options = new JwtOptions { Authority = "http://login.example.org", Audience = "joy" };

        new JwtOptionsValidation().Validate(null, options).Failures!.ShouldHaveSingleItem().ShouldContain("is not HTTPS");
        options.RequireHttpsMetadata = false;
        new JwtOptionsValidation().Validate(null, options).Succeeded.ShouldBeTrue();
    }

    [Fact]
    public void a_thumbprint_maps_in_either_case_and_before_the_subject()
    {
        using var pki = new TestCertificates();
        using var certificate = pki.Client("CN=both, O=Joy");
        var options = new ClientCertificateOptions
        {
            CaFile = pki.CaFile,
            Subjects = { ["CN=both,O=Joy"] = "reader" },
            Thumbprints = { [certificate.GetCertHashString(System.Security.Cryptography.HashAlgorithmName.SHA256).ToLowerInvariant()] = "admin" },
        };

        options.RoleOf(certificate).ShouldBe(Joy.Application.Security.Role.Admin);
        options.Thumbprints.Clear();
        options.RoleOf(certificate).ShouldBe(Joy.Application.Security.Role.Reader);
    }
}
