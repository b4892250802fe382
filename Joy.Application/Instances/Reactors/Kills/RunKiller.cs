using Joy.Application.Execution;
using Joy.Application.Subscriptions;
using Joy.Domain.Instances;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Joy.Application.Instances.Reactors;

/// <summary>
/// Kills the containers of runs nobody wants any more: every KilledRunId of an InstanceCancelled,
/// and every ActorRunCancelled (a re-run, a failed sibling branch). Killing is idempotent (a run
/// with no container is simply not found), which makes the at-least-once delivery harmless.
/// </summary>
public sealed partial class RunKiller(IServiceProvider services, ILogger<RunKiller> logger) : ISubscriptionHandler
{
    public string Name => "instance-run-kills";

    // Resolved lazily: the executor is registered by its own extension, possibly after this one.
    private IActorRunner Runner => services.GetRequiredService<IActorRunner>();

    public async Task HandleAsync(IReadOnlyList<EventStore.StoredEvent> events, CancellationToken cancellationToken)
    {
        var runIds = events.SelectMany(stored => stored.Data switch
            {
                InstanceCancelled cancelled => cancelled.KilledRunIds,
                ActorRunCancelled cancelled => [cancelled.RunId],
                _ => (IEnumerable<string>)[],
            })
            .Distinct(StringComparer.Ordinal);
        foreach (var runId in runIds)
        {
            try
            {
                await Runner.KillAsync(runId, cancellationToken);
            }
            catch (Exception e) when (e is not OperationCanceledException)
            {
                // A node that cannot be reached must not stall every later kill; its runs are
                // recovered (and found cancelled) by the dispatcher when it comes back.
                LogKillFailed(e, runId);
            }
        }
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Could not kill the container of run {RunId}")]
    private partial void LogKillFailed(Exception exception, string runId);
}
