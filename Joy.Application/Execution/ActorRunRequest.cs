namespace Joy.Application.Execution;

/// <summary>Everything one actor run needs. Inputs are opened lazily and streamed into the container.</summary>
public sealed record ActorRunRequest
{
    public required string RunId { get; init; }

    public string? InstanceId { get; init; }

    public required ActorSpec Actor { get; init; }

    /// <summary>File name under the work dir -> its content.</summary>
    public IReadOnlyDictionary<string, ActorInput> Inputs { get; init; } = new Dictionary<string, ActorInput>();

    /// <summary>The instance's own limits; they win over the actor's, the node's and the defaults.</summary>
    public ContainerLimits? InstanceLimits { get; init; }

    /// <summary>Higher runs first when runs must wait for a node.</summary>
    public int Priority { get; init; }

    /// <summary>Keep the container after the run, for a human to look into.</summary>
    public bool Debug { get; init; }

    public IReadOnlyList<string> PreferredNodes { get; init; } = [];

    /// <summary>
    /// The node the run must go to (the dispatcher claimed a slot there in the database); it waits for room
    /// on that node rather than going elsewhere. Null: any node.
    /// </summary>
    public string? RequiredNode { get; init; }

    public IReadOnlyList<string> ExcludedNodes { get; init; } = [];

    public required IActorOutputSink OutputSink { get; init; }

    /// <summary>Called once the container exists on a node, before it starts.</summary>
    public Func<ActorRunPlacement, CancellationToken, Task>? OnPlaced { get; init; }

    /// <summary>
    /// Called with the result once the container has been read, before it is removed, so the caller can
    /// make the result durable first. If it throws (or the process dies meanwhile) the container stays,
    /// and a re-attach (<see cref="IActorRunner.TryReattachAsync"/>) collects the same result again: a run
    /// whose result was read but not recorded is never lost nor started twice.
    /// </summary>
    public Func<ActorRunResult, CancellationToken, Task>? OnCollected { get; init; }
}

/// <summary>An actor definition as the executor needs it: either <see cref="Command"/> argv or a shell <see cref="Script"/>.</summary>
public sealed record ActorSpec
{
    public required string Name { get; init; }

    /// <summary>Null: the node's configured image.</summary>
    public string? Image { get; init; }

    public IReadOnlyList<string>? Command { get; init; }

    public string? Script { get; init; }

    /// <summary>File names or globs (<c>*</c>, <c>?</c>, <c>**</c>) under the work dir; each must match something.</summary>
    public IReadOnlyList<string> Outputs { get; init; } = [];

    public IReadOnlyDictionary<string, string> Env { get; init; } = new Dictionary<string, string>();

    public ContainerLimits? Limits { get; init; }
}

/// <summary>One input file: its exact length (tar headers precede the data) and how to open it.</summary>
public sealed record ActorInput(long Length, Func<CancellationToken, Task<Stream>> Open)
{
    public static ActorInput FromBytes(byte[] bytes) =>
        new(bytes.LongLength, _ => Task.FromResult<Stream>(new MemoryStream(bytes, writable: false)));

    public static ActorInput FromText(string text) => FromBytes(System.Text.Encoding.UTF8.GetBytes(text));

    public static ActorInput FromFile(string path) =>
        new(new FileInfo(path).Length, _ => Task.FromResult<Stream>(File.OpenRead(path)));
}
