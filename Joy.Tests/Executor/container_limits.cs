using Joy.Application.Execution;

namespace Joy.Tests.Executor;

public class container_limits
{
    [Fact]
    public void merge_key_by_key_with_the_highest_layer_winning()
    {
        var defaults = new ContainerLimits { CpuPeriod = 100_000, CpuQuota = 100_000, Memory = 512, PidsLimit = 256, TimeoutMs = 60_000 };
        var node = new ContainerLimits { CpuQuota = 200_000, BlkioReadBps = 10 };
        var actor = new ContainerLimits { Memory = 256, TimeoutMs = 5_000 };
        var instance = new ContainerLimits { TimeoutMs = 1_000, EnableNetwork = true };

        var merged = ContainerLimits.Merge(defaults, node, actor, instance);

        merged.ShouldBe(new ContainerLimits
        {
            CpuPeriod = 100_000, CpuQuota = 200_000, Memory = 256, PidsLimit = 256, BlkioReadBps = 10,
            TimeoutMs = 1_000, EnableNetwork = true,
        });
    }

    [Fact]
    public void merge_ulimits_name_by_name()
    {
        var lower = new ContainerLimits { Ulimits = new Dictionary<string, UlimitValue> { ["nofile"] = new() { Soft = 1, Hard = 1 }, ["nproc"] = new() { Soft = 5, Hard = 5 } } };
        var higher = new ContainerLimits { Ulimits = new Dictionary<string, UlimitValue> { ["nofile"] = new() { Soft = 9, Hard = 9 } } };

        var merged = ContainerLimits.Merge(lower, null, higher).Ulimits!;

        merged["nofile"].ShouldBe(new UlimitValue { Soft = 9, Hard = 9 });
        merged["nproc"].ShouldBe(new UlimitValue { Soft = 5, Hard = 5 });
    }

    [Fact]
    public void unset_layers_leave_the_built_in_defaults()
    {
        var merged = ContainerLimits.Merge(ContainerLimits.BuiltInDefaults, null, new ContainerLimits());

        merged.Memory.ShouldBe(512L * 1024 * 1024);
        merged.EnableNetwork.ShouldBe(false);
    }
}
