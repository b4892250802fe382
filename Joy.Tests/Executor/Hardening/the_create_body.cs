using Joy.Application.Execution;
using Joy.Executor;
using Joy.Executor.Runs;

namespace Joy.Tests.Executor.Hardening;

/// <summary>What every run's create call asks of Docker, whatever the actor says (pure: no node involved).</summary>
public class the_create_body
{
    private static readonly NodeOptions Node = new() { Image = "joy-busybox:latest" };

    private static Docker.DotNet.Models.CreateContainerParameters Build(ExecutorOptions options, ContainerLimits? actor = null)
    {
        var request = Requests.Script("id") with { Actor = Requests.Script("id").Actor with { Limits = actor } };
        return ContainerSpec.Build(request, ContainerSpec.EffectiveLimits(options, Node, request), Node, options, "hardened-image");
    }

    [Fact]
    public void confines_the_container_by_default()
    {
        var body = Build(new ExecutorOptions());

        body.User.ShouldBe("65534:65534");
        body.Image.ShouldBe("hardened-image");
        body.NetworkDisabled.ShouldBe(true);
        var host = body.HostConfig!;
        host.ReadonlyRootfs.ShouldBeTrue();
        host.CapDrop.ShouldBe(["ALL"]);
        host.CapAdd.ShouldBeNull();
        host.SecurityOpt.ShouldBe(["no-new-privileges"]);
        host.Privileged.ShouldBeFalse();
        host.Devices.ShouldBeNull();
        host.PidsLimit.ShouldBe(256);
        host.NetworkMode.ShouldBe("none");
        host.Binds.ShouldBeNull();
        host.Mounts!.Select(mount => (mount.Type, mount.Source, mount.Target)).ShouldBe([("volume", null, "/workdir")]);
        host.Tmpfs!.Keys.ShouldBe(["/tmp"]);
        host.Tmpfs["/tmp"].ShouldContain("nosuid");
    }

    [Fact]
    public void gives_the_network_only_to_an_actor_that_asks_where_the_operator_allows_it()
    {
        var asks = new ContainerLimits { EnableNetwork = true };
        var allowing = new ExecutorOptions { Hardening = new() { AllowNetwork = true } };

        Build(allowing, asks).HostConfig!.NetworkMode.ShouldBe("");
        Build(allowing).HostConfig!.NetworkMode.ShouldBe("none");
        Build(new ExecutorOptions(), asks).HostConfig!.NetworkMode.ShouldBe("none");
    }

    [Fact]
    public void holds_the_pids_limit_an_actor_asks_for_to_the_configured_maximum()
    {
        Build(new ExecutorOptions(), new ContainerLimits { PidsLimit = 1_000_000 }).HostConfig!.PidsLimit.ShouldBe(1024);
        Build(new ExecutorOptions { Hardening = new() { MaxPidsLimit = 100 } }).HostConfig!.PidsLimit.ShouldBe(100);
        Build(new ExecutorOptions(), new ContainerLimits { PidsLimit = 16 }).HostConfig!.PidsLimit.ShouldBe(16);
    }

    [Fact]
    public void follows_the_configured_user_and_root_filesystem()
    {
        var body = Build(new ExecutorOptions { Hardening = new() { Uid = 1000, Gid = 100, ReadOnlyRootFilesystem = false, TmpSizeBytes = 1024 } });

        body.User.ShouldBe("1000:100");
        body.HostConfig!.ReadonlyRootfs.ShouldBeFalse();
        body.HostConfig!.Tmpfs!["/tmp"].ShouldContain("size=1024");
    }
}
