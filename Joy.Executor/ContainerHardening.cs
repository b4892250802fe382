namespace Joy.Executor;

/// <summary>
/// How every actor container is confined (<c>Joy:Executor:Hardening</c>): actor code is untrusted. Always, whatever
/// this says: all capabilities dropped, no-new-privileges, not privileged, no devices or host mounts, a pids limit
/// (<c>Joy:Container:PidsLimit</c>). These settings choose the user, the root filesystem and whether the network may be
/// given to actors that ask for it.
/// </summary>
public sealed class ContainerHardening
{
    /// <summary>The user the actor's processes run as, whatever the image's USER says (65534: nobody).</summary>
    public int Uid { get; set; } = 65534;

    public int Gid { get; set; } = 65534;

    /// <summary>The image's filesystem read-only: only <c>/workdir</c> (a volume of the run's own) and <c>/tmp</c> (a tmpfs) are writable.</summary>
    public bool ReadOnlyRootFilesystem { get; set; } = true;

    /// <summary>Size of the run's <c>/tmp</c> (a tmpfs, counted in the container's memory).</summary>
    public long TmpSizeBytes { get; set; } = 64L * 1024 * 1024;

    /// <summary>The most processes a container may have, whatever pids limit an actor or instance asks for.</summary>
    public long MaxPidsLimit { get; set; } = 1024;

    /// <summary>
    /// Whether an actor that asks for the network (<c>enableNetwork</c>) may have it. Off: such a run fails with
    /// <c>Joy.NetworkNotAllowed</c> before any container is made, rather than run without what it asked for.
    /// </summary>
    public bool AllowNetwork { get; set; }

    /// <summary>The container's <c>User</c>: numeric, so no passwd entry in the image is needed.</summary>
    public string User => $"{Uid}:{Gid}";
}
