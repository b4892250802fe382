using System.Text.Json;
using Joy.Domain;
using Joy.Domain.Instances;

namespace Joy.Application.Instances;

/// <summary>
/// What identifies a command for event ids: two processes applying the same report at the same version
/// produce the same ids (the store sees one append and a retry), different commands never do.
/// </summary>
internal static class CommandFingerprint
{
    public static string Of(InstanceCommand command) => command switch
    {
        StartInstance start => $"start:{start.InstanceId}",
        MarkActorRunStarted started => $"run-started:{started.RunId}",
        CompleteActorRun completed => $"run-completed:{completed.RunId}",
        FailActorRun failed => $"run-failed:{failed.RunId}",
        FireTimer timer => $"timer:{timer.TimerId}",
        CancelInstance => "cancel",
        RerunInstance rerun => $"rerun:{rerun.FromState}:{Guid.NewGuid():N}",
        RecordCallbackAttempt callback => $"callback:{callback.Attempt}",
        _ => $"{command.GetType().Name}:{JsonSerializer.Serialize(command, command.GetType(), DomainJson.Options)}",
    };
}
