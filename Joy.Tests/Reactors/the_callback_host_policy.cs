using System.Net;
using Joy.Application.Instances.Reactors;

namespace Joy.Tests.Reactors;

/// <summary>Which URLs callbacks may go to: the allow list, and the addresses a name must not lead to.</summary>
public sealed class the_callback_host_policy
{
    private static readonly CallbackHostPolicy Policy = new(
        ["judge.example", "api.example:8443", "https://hooks.example/joy/", "10.0.0.5:9000", "127.0.0.1:5005"]);

    [Theory]
    [InlineData("http://judge.example/callback")]
    [InlineData("https://judge.example:444/any")]
    [InlineData("judge.example/callback")]
    [InlineData("http://api.example:8443/x")]
    [InlineData("https://hooks.example/joy/result")]
    [InlineData("http://10.0.0.5:9000/")]
    [InlineData("http://127.0.0.1:5005/cb")]
    public void an_allowed_url_is_accepted(string host) =>
        Policy.TryGetUrl(host, out _, out var refusal).ShouldBeTrue(refusal);

    [Theory]
    [InlineData("http://judge.example.evil.net/")]
    [InlineData("http://evil.net/?judge.example")]
    [InlineData("http://api.example:8444/x")]
    [InlineData("http://hooks.example/joy/")]
    [InlineData("https://hooks.example/joyful")]
    [InlineData("https://hooks.example.evil/joy/")]
    [InlineData("http://127.0.0.1:5006/")]
    [InlineData("http://169.254.169.254/latest/meta-data/")]
    [InlineData("http://user:pw@judge.example/")]
    [InlineData("ftp://judge.example/")]
    [InlineData("http://[::1]:5005/")]
    public void any_other_url_is_refused(string host) =>
        Policy.TryGetUrl(host, out _, out _).ShouldBeFalse();

    [Theory]
    [InlineData("127.0.0.1")]
    [InlineData("127.1.2.3")]
    [InlineData("::1")]
    [InlineData("169.254.169.254")]
    [InlineData("169.254.10.1")]
    [InlineData("fe80::1")]
    [InlineData("fd00:ec2::254")]
    [InlineData("100.100.100.200")]
    [InlineData("0.0.0.0")]
    [InlineData("::")]
    [InlineData("224.0.0.1")]
    [InlineData("::ffff:127.0.0.1")]
    public void a_loopback_link_local_or_metadata_address_is_forbidden_behind_a_name(string address) =>
        CallbackHostPolicy.IsForbidden(IPAddress.Parse(address)).ShouldBeTrue();

    [Theory]
    [InlineData("10.0.0.5")]
    [InlineData("192.168.1.20")]
    [InlineData("93.184.216.34")]
    [InlineData("2001:db8::1")]
    public void an_ordinary_address_is_not(string address) =>
        CallbackHostPolicy.IsForbidden(IPAddress.Parse(address)).ShouldBeFalse();

    [Fact]
    public async Task an_allowed_name_that_resolves_to_loopback_is_refused_when_connecting()
    {
        await using var server = await CallbackServer.StartAsync();
        var port = new Uri(server.Address).Port;
        // A name on the allow list whose DNS record points at loopback (or was re-pointed there after a check).
        using var sender = new CallbackSender(new CallbackOptions { AllowedHosts = [$"judge.example:{port}"] },
            (_, _) => Task.FromResult(new[] { IPAddress.Loopback }));

        var outcome = await sender.SendAsync($"http://judge.example:{port}/cb", "{}", default);

        outcome.Delivered.ShouldBeFalse();
        outcome.Final.ShouldBeTrue(outcome.Error);
        outcome.Error!.ShouldContain("loopback");
        server.Requests.ShouldBeEmpty();
    }
}
