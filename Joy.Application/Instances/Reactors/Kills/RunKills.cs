using Joy.Application.Execution;
using Microsoft.Extensions.Logging;

namespace Joy.Application.Instances.Reactors;

/// <summary>
/// Runs nobody wants any more: every KilledRunId of an InstanceCancelled, and the run of an
/// ActorRunCancelled (a re-run, a failed sibling branch). Forwarded in the append's transaction.
/// </summary>
public sealed record RunsCancelled(string InstanceId, IReadOnlyList<string> RunIds);

/// <summary>
/// Kills the containers of cancelled runs. Killing is idempotent (a run with no container is simply
/// not found), which makes a redelivery harmless.
/// </summary>
public sealed partial class RunKillHandler(IActorRunner runner, ILogger<RunKillHandler> logger)
{
    public async Task Handle(RunsCancelled cancelled, CancellationToken cancellationToken)
    {
        foreach (var runId in cancelled.RunIds.Distinct(StringComparer.Ordinal))
        {
            try
            {
                await runner.KillAsync(runId, cancellationToken);
            }
            catch (Exception e) when (e is not OperationCanceledException)
            {
                // A node that cannot be reached must not stall the other kills; its runs are
                // recovered (and found cancelled) by the dispatcher when it comes back.
                LogKillFailed(e, runId);
            }
        }
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Could not kill the container of run {RunId}")]
    private partial void LogKillFailed(Exception exception, string runId);
}
