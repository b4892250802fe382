using System.Text.Json.Nodes;
using Joy.Application.EventStore;
using Joy.Domain.Instances;
using Microsoft.Extensions.Logging;

namespace Joy.Application.Instances.Reactors;

/// <summary>
/// An instance ended (succeeded, failed or was cancelled): forwarded from its end event, in the
/// append's transaction, so its client hears of it at least once. <see cref="EndVersion"/> is the
/// end event's version: the callback describes the instance as of that end, even if it is re-run.
/// </summary>
public sealed record CallbackDue(string InstanceId, Guid EndEventId, long EndVersion);

/// <summary>The host did not take a callback; <see cref="Final"/>: no further attempt (refused, or the last one).</summary>
public sealed class CallbackNotDeliveredException(string instanceId, int attempt, string error, bool final)
    : Exception($"Callback of instance {instanceId}, attempt {attempt}: {error}")
{
    public bool Final { get; } = final;
}

/// <summary>
/// Sends an ended instance's callback to its host, if it has one. Each attempt is recorded on the
/// instance (<see cref="RecordCallbackAttempt"/>: CallbackDelivered, or CallbackFailed with the next
/// attempt's time) before the message is done with, so a crash in between sends again rather than
/// never. A failed attempt throws <see cref="CallbackNotDeliveredException"/>: Wolverine schedules the
/// next one with <see cref="CallbackOptions"/>' back-off (<see cref="CallbackRetries"/>), and the last
/// one, or a refused host, leaves the message in the dead letters, where an admin can replay it.
/// </summary>
public sealed partial class CallbackHandler(
    IEventStore store,
    IInstanceCommandHandler instances,
    CallbackSender sender,
    CallbackOptions options,
    ILogger<CallbackHandler> logger)
{
    public async Task Handle(CallbackDue due, CancellationToken cancellationToken)
    {
        if (await CallbackOfAsync(due, cancellationToken) is not var (host, payload, attempt))
        {
            return; // the client asked for no callback
        }

        var outcome = await sender.SendAsync(host, payload.ToJsonString(), cancellationToken);
        var giveUp = !outcome.Delivered && (outcome.Final || attempt >= options.MaxAttempts);
        TimeSpan? retryAfter = outcome.Delivered || giveUp ? null : options.DelayAfter(attempt);
        try
        {
            // The attempt was made: its record must not be cut short by a shutdown, or the next
            // process would send a delivered callback again.
            await instances.HandleAsync(due.InstanceId,
                new RecordCallbackAttempt(attempt, outcome.Status, outcome.Error, retryAfter), cancellationToken: CancellationToken.None);
        }
        catch (InstanceCommandRejectedException e)
        {
            // Re-run after this end: its next end brings a callback of its own.
            LogAbandoned(e, due.InstanceId);
            return;
        }

        if (!outcome.Delivered)
        {
            throw new CallbackNotDeliveredException(due.InstanceId, attempt, outcome.Error ?? $"HTTP {outcome.Status}", giveUp);
        }
    }

    /// <summary>
    /// Where the callback goes and what it says, as of the end: the host the instance started with,
    /// or the <c>Host</c> of the parameters a re-run replaced them with; null when there is none.
    /// The attempt is numbered after those already recorded for this end, so an attempt replayed
    /// from the dead letters continues the count; null too when this end's callback was delivered
    /// (the message came again after a crash) or the instance was re-run since.
    /// </summary>
    private async Task<(string Host, JsonObject Payload, int Attempt)?> CallbackOfAsync(CallbackDue due, CancellationToken cancellationToken)
    {
        var (name, host, ended, attempts) = ("", (string?)null, (object?)null, 0);
        foreach (var stored in await store.ReadStreamAsync(InstanceStreams.StreamId(due.InstanceId), includeArchived: true, cancellationToken: cancellationToken))
        {
            switch (stored.Data)
            {
                case InstanceStarted started when stored.Version <= due.EndVersion:
                    name = started.StateMachineName;
                    host = HostIn(started.Options.Parameters) ?? started.Options.CallbackHost;
                    break;
                case RerunRequested { Parameters: { } parameters } when stored.Version <= due.EndVersion:
                    host = HostIn(parameters) ?? host;
                    break;
                case CallbackDelivered when stored.Version > due.EndVersion:
                    return null; // delivered already: this is a redelivery after a crash
                case CallbackFailed when stored.Version > due.EndVersion:
                    attempts++;
                    break;
                case RerunRequested:
                    return null; // re-run after this end: its next end brings a callback of its own
            }

            ended = stored.Id == due.EndEventId ? stored.Data : ended;
        }

        return string.IsNullOrWhiteSpace(host) || ended is null ? null : (host, CallbackPayload.For(due.InstanceId, name, ended), attempts + 1);
    }

    private static string? HostIn(JsonObject? parameters) =>
        parameters?["Host"] is JsonValue value && value.TryGetValue<string>(out var host) ? host : null;

    [LoggerMessage(Level = LogLevel.Information, Message = "Callback of instance {InstanceId} abandoned: the instance runs again")]
    private partial void LogAbandoned(Exception exception, string instanceId);
}
