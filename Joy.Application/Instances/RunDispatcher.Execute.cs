using System.Text.Json.Nodes;
using Joy.Application.Blobs;
using Joy.Application.EventStore;
using Joy.Application.Execution;
using Joy.Application.Telemetry;
using Joy.Domain;
using Joy.Domain.Instances;
using Microsoft.Extensions.Logging;

namespace Joy.Application.Instances;

public sealed partial class RunDispatcher
{
    private async Task ExecuteClaimAsync(Claim claim, CancellationToken stoppingToken)
    {
        var run = DomainJson.FromNode<ActorRunRequested>(JsonNode.Parse(claim.Request))!;
        var held = new HeldRun();
        _held[run.RunId] = held;
        using var activity = held.Activity = StartRunActivity(claim, run);
        using var scope = logger.BeginScope(new Dictionary<string, object> { ["InstanceId"] = claim.InstanceId, ["RunId"] = run.RunId });
        using var renewal = CancellationTokenSource.CreateLinkedTokenSource(stoppingToken);
        var renewing = RenewAsync(run.RunId, held, renewal.Token);
        try
        {
            var request = await BuildRequestAsync(claim, run, held, stoppingToken);
            var result = claim.Takeover
                ? await runner.TryReattachAsync(request, stoppingToken)
                : await runner.RunAsync(request, stoppingToken);
            // A collected container was recorded before its removal (OnCollected); anything else is recorded now.
            var recorded = held.Recorded ?? await RecordAsync(claim, run, held, result);
            // Usually the run queue's projection dequeued the run in the result's own transaction. If the
            // result recorded no end (already recorded, or the run was cancelled meanwhile), release the claim.
            if (!recorded.Any(e => e is ActorRunSucceeded { RunId: var id } && id == run.RunId
                    || e is ActorRunFailed { RunId: var failed } && failed == run.RunId))
            {
                await ReleaseAsync(run.RunId);
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
            // Shutting down: keep the claim; the lease expires and a live process re-attaches to the container.
        }
        catch (RunResultNotRecordedException e)
        {
            // The container was read but its result could not be appended: it stays, and once this claim's
            // lease expires a takeover collects it again. Killing it now would lose the result.
            logger.LogWarning(e.InnerException, "The result of run {Run} could not be recorded; its container is kept for a takeover", run.RunId);
        }
        catch (OperationCanceledException) when (held.Cancelled.IsCancellationRequested)
        {
            // Cancelled before the container started: remove what was created.
            held.Reported = true;
            CountEnded(held, claim.Node, run, "cancelled");
            await runner.KillAsync(run.RunId, CancellationToken.None);
            await ReleaseAsync(run.RunId);
        }
        catch (BlobNotFoundException e)
        {
            held.Reported = true;
            CountEnded(held, claim.Node, run, "failed");
            await ReportAsync(claim, run, held, new FailActorRun(run.RunId, "Joy.InputMissing", $"input blob {e.Id} does not exist"));
            await ReleaseAsync(run.RunId);
        }
        catch (Exception e) when (!stoppingToken.IsCancellationRequested)
        {
            logger.LogError(e, "Run {Run} of instance {Instance} failed in the dispatcher", run.RunId, claim.InstanceId);
            held.Reported = true;
            CountEnded(held, claim.Node, run, "failed");
            await runner.KillAsync(run.RunId, CancellationToken.None); // a container created but never reported
            await ReportAsync(claim, run, held, new FailActorRun(run.RunId, ActorRunErrors.DockerError, "the dispatcher could not carry out the run"));
            await ReleaseAsync(run.RunId);
        }
        finally
        {
            _ = held.Started?.ContinueWith(t => t.Exception, TaskContinuationOptions.OnlyOnFaulted); // observed on every path
            await renewal.CancelAsync();
            await renewing;
            _held.TryRemove(run.RunId, out _);
            _wake.Set();
        }
    }

    private async Task<ActorRunRequest> BuildRequestAsync(Claim claim, ActorRunRequested run, HeldRun held, CancellationToken cancellationToken)
    {
        var inputs = new Dictionary<string, ActorInput>(StringComparer.Ordinal)
        {
            // The Task's effective input, for actors that read it (part of the container contract).
            [RunRequests.InputFileName] = ActorInput.FromText(run.Input?.ToJsonString() ?? "null"),
        };
        foreach (var (name, id) in run.Files)
        {
            var info = await blobs.GetInfoAsync(id, cancellationToken) ?? throw new BlobNotFoundException(id);
            inputs[name] = new ActorInput(info.Size, token => blobs.OpenReadAsync(id, null, token));
        }

        return new ActorRunRequest
        {
            RunId = run.RunId,
            InstanceId = claim.InstanceId,
            Actor = RunRequests.Spec(run.Actor),
            Inputs = inputs,
            Priority = run.Priority,
            Debug = claim.Debug,
            RequiredNode = claim.Node,
            OutputSink = new BlobOutputSink(blobs),
            OnPlaced = async (placement, token) =>
            {
                var again = held.Placement is not null;
                held.Placement = new MarkActorRunStarted(run.RunId, placement.Node, placement.ContainerId, time.GetUtcNow());
                if (!again)
                {
                    CountStarted(placement.Node, run);
                    held.Started = ReportStartLaterAsync(claim, run, held);
                }
                else if (!await RenewLeaseAsync(run.RunId, token))
                {
                    // Placed again because its container was removed: by a takeover that now owns the run, or a
                    // cancel. Either way this process must not start it.
                    held.Cancel();
                }

                held.Cancelled.ThrowIfCancellationRequested(); // cancelled meanwhile: never start it
            },
            OnCollected = async (result, _) =>
            {
                try
                {
                    held.Recorded = await RecordAsync(claim, run, held, result);
                }
                catch (Exception e) when (e is not OperationCanceledException)
                {
                    throw new RunResultNotRecordedException(run.RunId, e);
                }
            },
        };
    }

    /// <summary>
    /// Records a run's outcome: its node slot handed on first (the container has stopped, so the next
    /// run's container is created while this result is appended), then the result.
    /// </summary>
    private async Task<IReadOnlyList<InstanceEvent>> RecordAsync(Claim claim, ActorRunRequested run, HeldRun held, ActorRunResult? result)
    {
        if (result?.Error != ActorRunErrors.NodeLost)
        {
            await FreeSlotAsync(run.RunId);
        }

        held.Reported = true;
        return await ReportAsync(claim, run, held, result);
    }

    /// <summary>The result of a collected run could not be appended; its container must stay.</summary>
    private sealed class RunResultNotRecordedException(string runId, Exception inner)
        : Exception($"The result of run {runId} could not be recorded.", inner);

    /// <summary>
    /// Appends the run's start (with the placement time) once <see cref="DispatcherOptions.StartedReportDelay"/>
    /// has passed, unless the result came first and took it along (see <see cref="StartFirst"/>).
    /// </summary>
    private async Task ReportStartLaterAsync(Claim claim, ActorRunRequested run, HeldRun held)
    {
        await Task.Delay(options.StartedReportDelay, time);
        if (held.TakeStartForDelayedReport())
        {
            await handler.HandleAsync(claim.InstanceId, held.Placement!, Metadata(run.RunId));
        }
    }

    /// <summary>The start report ahead of <paramref name="command"/> in one append, when the result beat the delay.</summary>
    private static IReadOnlyList<InstanceCommand> StartFirst(HeldRun held, InstanceCommand command) =>
        held.Placement is { } placement && held.TakeStartForResult() ? [placement, command] : [command];

    /// <summary>A delayed start report in flight goes first; if it failed, the result still does (it carries the node).</summary>
    private async Task AwaitStartedAsync(HeldRun held)
    {
        try
        {
            await (held.Started ?? Task.CompletedTask);
        }
        catch (Exception e) when (e is Npgsql.NpgsqlException or TimeoutException or InstanceCommandRejectedException)
        {
            logger.LogWarning(e, "Recording a run's start failed");
        }
    }

    private async Task<IReadOnlyList<InstanceEvent>> ReportAsync(Claim claim, ActorRunRequested run, HeldRun held, ActorRunResult? result)
    {
        CountEnded(held, result?.Node ?? held.Placement?.Node ?? claim.Node, run, JoyTelemetry.Outcome(result), result);
        InstanceCommand command;
        if (result is null)
        {
            command = new FailActorRun(run.RunId, ActorRunErrors.NodeLost,
                "the process running it stopped and its container was not found on any node");
        }
        else if (result.Error is { } error)
        {
            command = new FailActorRun(run.RunId, error, result.Cause ?? error);
        }
        else
        {
            var log = await blobs.PutAsync(new MemoryStream(result.Log, writable: false));
            command = new CompleteActorRun(run.RunId, RunRequests.Result(result, log.Blob.Id));
        }

        return await ReportAsync(claim, run, held, command);
    }

    /// <summary>Appends the run's outcome, with its start ahead of it when no delayed report has taken that.</summary>
    private async Task<IReadOnlyList<InstanceEvent>> ReportAsync(Claim claim, ActorRunRequested run, HeldRun held, InstanceCommand command)
    {
        var commands = StartFirst(held, command);
        if (commands.Count == 1)
        {
            await AwaitStartedAsync(held); // a delayed start report in flight goes first
        }

        return await handler.HandleAsync(claim.InstanceId, commands, Metadata(run.RunId));
    }

    private EventMetadata Metadata(string runId) => new(CausationId: runId, Actor: $"dispatcher:{options.Owner}");

    private sealed class BlobOutputSink(IBlobStore blobs) : IActorOutputSink
    {
        public async Task<string> StoreAsync(string runId, string name, Stream content, CancellationToken cancellationToken) =>
            (await blobs.PutAsync(content, new BlobMetadata(Remark: $"output {name} of run {runId}"), cancellationToken)).Blob.Id;
    }
}
