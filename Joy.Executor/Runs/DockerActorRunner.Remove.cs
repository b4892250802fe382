using Joy.Executor.Docker;
using Joy.Executor.Nodes;
using Microsoft.Extensions.Logging;

namespace Joy.Executor.Runs;

/// <summary>
/// Every removal of a run's container goes through here and is logged with its run and reason: a container
/// removed under a run that still needs it (a 409 "marked for removal" at its start) is then traced to who did it.
/// </summary>
public sealed partial class DockerActorRunner
{
    private async Task<bool> RemoveAsync(DockerNode node, string containerId, string runId, string reason, CancellationToken cancellationToken)
    {
        LogRemoving(runId, containerId, node.Name, reason);
        return await node.Client.RemoveContainerAsync(containerId, cancellationToken);
    }

    /// <summary>True when this call removed it; false when it was already gone or could not be removed (logged).</summary>
    private async Task<bool> RemoveQuietlyAsync(DockerNode node, string containerId, string runId, string reason)
    {
        try
        {
            return await RemoveAsync(node, containerId, runId, reason, CancellationToken.None);
        }
        catch (DockerNodeException exception)
        {
            // Left behind for now: the orphan sweep (RemoveOrphansAsync) removes it once its run has ended.
            LogNotRemoved(exception, runId, containerId, node.Name);
            return false;
        }
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Removing container {Container} of run {RunId} on {Node}: {Reason}")]
    private partial void LogRemoving(string runId, string container, string node, string reason);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Could not remove container {Container} of run {RunId} on {Node}")]
    private partial void LogNotRemoved(Exception exception, string runId, string container, string node);

    [LoggerMessage(Level = LogLevel.Warning,
        Message = "Container {Container} of run {RunId} on {Node} was removed before the actor ran ({Cause}); placing the run again")]
    private partial void LogGoneBeforeStart(string runId, string container, string node, string cause);
}
