using Joy.Application.EventStore;
using Joy.Domain.Instances;

namespace Joy.Application.Instances;

/// <summary>Every event an instance stream holds, registered by its stable name.</summary>
public static class InstanceEventTypes
{
    public static void Register(EventTypeMap map) => map
        .Register<InstanceStarted>()
        .Register<StateEntered>()
        .Register<BranchesPlanned>()
        .Register<BranchStarted>()
        .Register<BranchSucceeded>()
        .Register<BranchFailed>()
        .Register<ActorRunRequested>()
        .Register<ActorRunStarted>()
        .Register<ActorRunSucceeded>()
        .Register<ActorRunFailed>()
        .Register<ActorRunCancelled>()
        .Register<RetryScheduled>()
        .Register<WaitStarted>()
        .Register<TimerFired>()
        .Register<StateExited>()
        .Register<StateFailed>()
        .Register<InstanceSucceeded>()
        .Register<InstanceFailed>()
        .Register<InstanceCancelled>()
        .Register<RerunRequested>()
        .Register<CallbackDelivered>()
        .Register<CallbackFailed>();
}
