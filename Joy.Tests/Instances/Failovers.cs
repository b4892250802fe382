namespace Joy.Tests.Instances;

/// <summary>
/// The failover tests run alone, after the other test classes. They bound the time from a SIGKILL to the survivor's
/// first fire, timer and projected event (5 s, as the service promises), which spans the survivor starting every agent
/// of the dead process at once (projection daemons catching up, the durability agent recovering envelopes) and then
/// doing the work; beside the other classes' containers and processes on two cores, a first fire alone took 3.5 s.
/// The bound is the service's on a machine doing its own work, which is what this measures.
/// </summary>
[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class Failovers
{
    public const string Name = "failover";
}
