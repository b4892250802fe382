using System.Reflection;
using Joy.Domain.Definitions;
using Joy.Domain.Instances;

namespace Joy.Domain;

/// <summary>
/// Every event type of the domain, listed by hand so a store can map stored type names to CLR
/// types without scanning assemblies. A test checks the list is complete.
/// </summary>
public static class DomainEventTypes
{
    public static readonly IReadOnlyList<Type> All =
    [
        typeof(ActorDefined), typeof(ActorChanged), typeof(ActorDeleted),
        typeof(StateMachineDefined), typeof(StateMachineChanged), typeof(StateMachineDeleted),
        typeof(InstanceStarted), typeof(StateEntered), typeof(BranchesPlanned), typeof(BranchStarted),
        typeof(BranchSucceeded), typeof(BranchFailed), typeof(ActorRunRequested), typeof(ActorRunStarted),
        typeof(ActorRunSucceeded), typeof(ActorRunFailed), typeof(ActorRunCancelled), typeof(RetryScheduled),
        typeof(WaitStarted), typeof(ExecutionTimeoutScheduled), typeof(TimerFired), typeof(StateExited),
        typeof(StateFailed), typeof(InstanceSucceeded), typeof(InstanceFailed), typeof(InstanceCancelled),
        typeof(RerunRequested), typeof(CallbackDelivered), typeof(CallbackFailed),
    ];

    public static readonly IReadOnlyDictionary<string, Type> ByName = All.ToDictionary(NameOf, StringComparer.Ordinal);

    /// <summary>The stable stored name of an event type (its <see cref="EventTypeAttribute"/>).</summary>
    public static string NameOf(Type type) => type.GetCustomAttribute<EventTypeAttribute>()?.Name
        ?? throw new InvalidOperationException($"{type.Name} has no [EventType] name.");
}
