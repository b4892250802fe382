namespace Joy.Tests.Instances;

/// <summary>
/// The judge's verdict tests run alone, after the other test classes: those run their own containers on the
/// same two cores, load no test controls. The verdicts hold under load up to the judge's wall-clock bound
/// (3x the CPU time limit plus 1 s); <see cref="judging_under_load"/> brings load of its own, bounded.
/// </summary>
[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class Verdicts
{
    public const string Name = "judge verdicts";
}
