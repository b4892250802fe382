using System.Net;

namespace Joy.Executor.Docker;

/// <summary>
/// A Docker Engine call that failed: which node, which call, the HTTP status (null when the node could
/// not be reached at all) and the daemon's message.
/// </summary>
public sealed class DockerNodeException : Exception
{
    public DockerNodeException(string node, string call, HttpStatusCode? statusCode, string message, Exception? inner = null)
        : base($"Docker node '{node}', {call}: {(statusCode is { } code ? $"{(int)code} " : "unreachable: ")}{message}", inner)
    {
        Node = node;
        Call = call;
        StatusCode = statusCode;
        DaemonMessage = message;
    }

    public string Node { get; }

    public string Call { get; }

    /// <summary>Null when the transport failed (refused, reset, TLS rejected, no answer in time) before any response.</summary>
    public HttpStatusCode? StatusCode { get; }

    public string DaemonMessage { get; }

    public bool IsNotFound => StatusCode == HttpStatusCode.NotFound;

    /// <summary>What tells a lost node (<c>Joy.NodeLost</c>) from a step the daemon refused.</summary>
    public bool IsUnreachable => StatusCode is null;
}
