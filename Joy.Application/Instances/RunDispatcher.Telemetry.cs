using System.Diagnostics;
using Joy.Application.Execution;
using Joy.Application.Telemetry;
using Joy.Domain.Instances;

namespace Joy.Application.Instances;

public sealed partial class RunDispatcher
{
    /// <summary>
    /// The run's span, a child of whatever appended its request (carried on the queued run as a W3C
    /// traceparent), so an instance's runs sit in the trace of the request that started it. Everything
    /// the run appends happens under it, and so do the runs that follow.
    /// </summary>
    private static Activity? StartRunActivity(Claim claim, ActorRunRequested run)
    {
        ActivityContext.TryParse(claim.TraceParent, null, isRemote: true, out var parent);
        var activity = JoyTelemetry.Source.StartActivity($"run {run.Actor.Name}", ActivityKind.Consumer, parent);
        if (activity is { IsAllDataRequested: true })
        {
            activity.SetTag("joy.instance.id", claim.InstanceId);
            activity.SetTag("joy.run.id", run.RunId);
            activity.SetTag("joy.state", run.Path);
            activity.SetTag("joy.attempt", run.Attempt);
            activity.SetTag("joy.actor", run.Actor.Name);
            activity.SetTag("joy.node", claim.Node);
            activity.SetTag("container.image.name", run.Actor.Image ?? "node default");
            activity.SetTag("joy.takeover", claim.Takeover);
        }

        if (!claim.Takeover && claim.WaitedSeconds is { } waited)
        {
            JoyTelemetry.QueueWait.Record(waited, new KeyValuePair<string, object?>("priority", run.Priority));
        }

        return activity;
    }

    private static void CountStarted(string node, ActorRunRequested run) =>
        JoyTelemetry.RunsStarted.Add(1, new("node", node), new("actor", run.Actor.Name));

    /// <summary>The outcome on the run's span and in the run counters and duration histogram.</summary>
    private static void CountEnded(HeldRun held, string node, ActorRunRequested run, string outcome, ActorRunResult? result = null)
    {
        var tags = new TagList { { "node", node }, { "actor", run.Actor.Name }, { "outcome", outcome } };
        JoyTelemetry.RunsEnded.Add(1, tags);
        if (result is not null)
        {
            JoyTelemetry.RunDuration.Record(result.DurationMs / 1000.0, tags);
        }

        if (held.Activity is { IsAllDataRequested: true } activity)
        {
            activity.SetTag("joy.node", node);
            activity.SetTag("joy.outcome", outcome);
            activity.SetTag("joy.exit_code", result?.ExitCode);
            activity.SetTag("joy.oom_killed", result?.OomKilled);
            activity.SetTag("joy.timed_out", result?.TimedOut);
            activity.SetTag("joy.error", result?.Error);
            activity.SetStatus(outcome == "succeeded" ? ActivityStatusCode.Ok : ActivityStatusCode.Error, result?.Error);
        }
    }
}
