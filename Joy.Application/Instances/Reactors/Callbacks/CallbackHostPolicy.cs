using System.Net;
using System.Net.Sockets;

namespace Joy.Application.Instances.Reactors;

/// <summary>
/// Where callbacks may go (no server-side request forgery): the URL must match an entry of
/// <see cref="CallbackOptions.AllowedHosts"/>, and a host name must not resolve to a loopback,
/// link-local, cloud-metadata, unspecified or multicast address. An entry naming such an address
/// literally (<c>127.0.0.1:8080</c>, <c>localhost</c>) allows it: the operator chose it.
/// </summary>
public sealed class CallbackHostPolicy(IReadOnlyList<string> allowedHosts)
{
    private static readonly IPAddress[] Metadata =
    [
        IPAddress.Parse("169.254.169.254"), IPAddress.Parse("100.100.100.200"), IPAddress.Parse("fd00:ec2::254"),
    ];

    /// <summary>The URL to call, or why not. A bare host gets <c>http://</c> (the original service's Host was often one).</summary>
    public bool TryGetUrl(string host, out Uri url, out string refusal)
    {
        var text = host.Contains("://", StringComparison.Ordinal) ? host : "http://" + host;
        if (!Uri.TryCreate(text, UriKind.Absolute, out url!) || url.Scheme is not ("http" or "https") || url.UserInfo.Length > 0)
        {
            refusal = $"Callback host '{host}' is not an http(s) URL.";
            return false;
        }

        var target = url;
        if (!allowedHosts.Any(entry => Matches(entry, target)))
        {
            refusal = $"Callback host '{url.Authority}' is not in {CallbackOptions.Section}:AllowedHosts.";
            return false;
        }

        refusal = "";
        return true;
    }

    /// <summary>True when the URL names its address literally (an IP or localhost), so the address rule does not apply.</summary>
    public static bool IsLiteral(string host) =>
        IPAddress.TryParse(host.Trim('[', ']'), out _) || string.Equals(host, "localhost", StringComparison.OrdinalIgnoreCase);

    /// <summary>Addresses a host name must never lead to.</summary>
    public static bool IsForbidden(IPAddress address)
    {
        if (address.IsIPv4MappedToIPv6)
        {
            address = address.MapToIPv4();
        }

        if (IPAddress.IsLoopback(address) || Metadata.Contains(address))
        {
            return true;
        }

        if (address.AddressFamily == AddressFamily.InterNetwork)
        {
            var b = address.GetAddressBytes();
            return b[0] == 0 || (b[0] == 169 && b[1] == 254) || b[0] >= 224; // unspecified, link-local, multicast/reserved
        }

        return address.Equals(IPAddress.IPv6None) || address.IsIPv6LinkLocal || address.IsIPv6Multicast || address.IsIPv6SiteLocal;
    }

    private static bool Matches(string entry, Uri url)
    {
        entry = entry.Trim();
        if (entry.Contains("://", StringComparison.Ordinal))
        {
            return Uri.TryCreate(entry, UriKind.Absolute, out var prefix)
                && string.Equals(prefix.Scheme, url.Scheme, StringComparison.OrdinalIgnoreCase)
                && string.Equals(prefix.IdnHost, url.IdnHost, StringComparison.OrdinalIgnoreCase)
                && prefix.Port == url.Port
                && url.AbsolutePath.StartsWith(prefix.AbsolutePath, StringComparison.Ordinal);
        }

        // host or host:port; parsed as a URL so IPv6 brackets and IDN names compare like the target's.
        if (!Uri.TryCreate("http://" + entry, UriKind.Absolute, out var hostEntry) || hostEntry.AbsolutePath != "/")
        {
            return false;
        }

        var portGiven = !hostEntry.IsDefaultPort || entry.EndsWith(":80", StringComparison.Ordinal);
        return string.Equals(hostEntry.IdnHost, url.IdnHost, StringComparison.OrdinalIgnoreCase)
            && (!portGiven || hostEntry.Port == url.Port);
    }
}
