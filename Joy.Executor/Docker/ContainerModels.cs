namespace Joy.Executor.Docker;

// The subset of the Engine API's container shapes a run needs, named as Docker.DotNet names them.

/// <summary>Body of POST /containers/create.</summary>
public sealed record CreateContainerParameters
{
    public required string Image { get; init; }
    public IReadOnlyList<string>? Cmd { get; init; }
    public IReadOnlyList<string>? Entrypoint { get; init; }
    public IReadOnlyList<string>? Env { get; init; }
    public string? WorkingDir { get; init; }
    public IReadOnlyDictionary<string, string>? Labels { get; init; }
    public bool NetworkDisabled { get; init; }
    public bool AttachStdout { get; init; }
    public bool AttachStderr { get; init; }
    public bool Tty { get; init; }
    public HostConfig? HostConfig { get; init; }
}

public sealed record HostConfig
{
    public long? Memory { get; init; }
    public long? MemorySwap { get; init; }
    public long? CpuPeriod { get; init; }
    public long? CpuQuota { get; init; }
    public long? PidsLimit { get; init; }
    public IReadOnlyList<ThrottleDevice>? BlkioDeviceReadBps { get; init; }
    public IReadOnlyList<ThrottleDevice>? BlkioDeviceWriteBps { get; init; }
    public IReadOnlyList<Ulimit>? Ulimits { get; init; }
    public IReadOnlyList<string>? SecurityOpt { get; init; }
    public IReadOnlyList<string>? CapDrop { get; init; }
    public string? NetworkMode { get; init; }
    public bool Privileged { get; init; }
}

public sealed record ThrottleDevice(string Path, long Rate);

public sealed record Ulimit(string Name, long Soft, long Hard);

public sealed record CreateContainerResponse(string Id, IReadOnlyList<string>? Warnings);

/// <summary>Answer of POST /containers/{id}/wait.</summary>
public sealed record ContainerWaitResponse(long StatusCode, WaitExitError? Error);

public sealed record WaitExitError(string? Message);

/// <summary>GET /containers/{id}/json, the parts a run reads.</summary>
public sealed record ContainerInspectResponse(
    string Id,
    string? Name,
    ContainerState State,
    ContainerConfig? Config);

public sealed record ContainerState(
    string Status,
    bool Running,
    bool OOMKilled,
    long ExitCode,
    string? Error,
    DateTimeOffset StartedAt,
    DateTimeOffset FinishedAt);

public sealed record ContainerConfig(string? Image, IReadOnlyDictionary<string, string>? Labels);

/// <summary>One row of GET /containers/json.</summary>
public sealed record ContainerListResponse(
    string Id,
    IReadOnlyList<string>? Names,
    string? Image,
    string? State,
    IReadOnlyDictionary<string, string>? Labels);
