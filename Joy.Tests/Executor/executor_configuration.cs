using Joy.Executor;
using Microsoft.Extensions.Configuration;

namespace Joy.Tests.Executor;

public class executor_configuration
{
    [Fact]
    public void binds_nodes_defaults_and_per_node_overrides()
    {
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["Joy:Executor:ServiceName"] = "joy-prod",
            ["Joy:Executor:HealthCheckIntervalMs"] = "1000",
            ["Joy:Container:Memory"] = "268435456",
            ["Joy:Container:TimeoutMs"] = "10000",
            ["Joy:Container:Ulimits:nofile:Soft"] = "64",
            ["Joy:Container:Ulimits:nofile:Hard"] = "128",
            ["Joy:Nodes:fast:Address"] = "tcp://10.0.0.5:2375",
            ["Joy:Nodes:fast:MaxRunningJobs"] = "16",
            ["Joy:Nodes:fast:DevicePath"] = "/dev/nvme0n1",
            ["Joy:Nodes:fast:Container:CpuQuota"] = "200000",
            ["Joy:Nodes:fast:Container:BlkioReadBps"] = "1048576",
        }).Build();

        var options = ExecutorOptions.FromConfiguration(configuration);

        options.ServiceName.ShouldBe("joy-prod");
        options.HealthCheckIntervalMs.ShouldBe(1000);
        options.Container.ShouldNotBeNull().Memory.ShouldBe(268435456);
        options.Container.Ulimits.ShouldNotBeNull()["nofile"].Hard.ShouldBe(128);
        var node = options.Nodes["fast"];
        node.Address.ShouldBe("tcp://10.0.0.5:2375");
        node.Image.ShouldBe("joy-runner:latest");
        node.MaxRunningJobs.ShouldBe(16);
        node.DevicePath.ShouldBe("/dev/nvme0n1");
        node.Container.ShouldNotBeNull().CpuQuota.ShouldBe(200000);
    }
}

public class a_chatty_actor
{
    [Fact]
    public async Task has_its_log_capped_and_marked_truncated()
    {
        await using var executor = await TestExecutor.StartAsync(options => options.LogLimitBytes = 1000);

        var result = await executor.Runner.RunAsync(Requests.Script("yes joy | head -c 100000; echo tail"));

        result.ExitCode.ShouldBe(0);
        result.Log.Length.ShouldBe(1000);
        result.LogTruncated.ShouldBeTrue();
        result.LogText().ShouldStartWith("joy\njoy\n");
    }
}
