using Joy.Domain.Instances;
using Microsoft.Extensions.Logging;
using Wolverine;

namespace Joy.Application.Instances.Reactors;

/// <summary>
/// An instance set a timer (a Wait state, a retry back-off, the execution's TimeoutSeconds):
/// forwarded from its event in the append's transaction.
/// </summary>
public sealed record TimerSet(string InstanceId, string TimerId, DateTimeOffset DueAt);

/// <summary>A timer's due time has come: a durable scheduled message, so a restart loses none.</summary>
public sealed record TimerDue(string InstanceId, string TimerId);

/// <summary>
/// Timers as Wolverine scheduled messages. A timer that fell due while no process ran fires when
/// one starts. One whose state moved on, or whose instance ended, was cancelled or re-run, fires
/// into nothing: the interpreter knows no such timer any more (timer ids are never reused within
/// an instance), so nothing is appended.
/// </summary>
public sealed partial class TimerHandler(IInstanceCommandHandler instances, ILogger<TimerHandler> logger)
{
    public static ScheduledMessage<TimerDue> Handle(TimerSet set) =>
        new TimerDue(set.InstanceId, set.TimerId).ScheduledAt(set.DueAt);

    public async Task Handle(TimerDue due, CancellationToken cancellationToken)
    {
        try
        {
            await instances.HandleAsync(due.InstanceId, new FireTimer(due.TimerId), cancellationToken: cancellationToken);
        }
        catch (InstanceCommandRejectedException e)
        {
            LogIgnored(e, due.InstanceId, due.TimerId);
        }
    }

    [LoggerMessage(Level = LogLevel.Debug, Message = "Timer {TimerId} of instance {InstanceId} fired into nothing")]
    private partial void LogIgnored(Exception exception, string instanceId, string timerId);
}
