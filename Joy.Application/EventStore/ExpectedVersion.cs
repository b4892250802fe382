namespace Joy.Application.EventStore;

/// <summary>
/// What the writer believes the stream's version is. The first event of a stream is version 1
/// (Marten's convention), so a stream's version is its event count and version 0 means "no
/// events, the stream does not exist": <see cref="Exact"/>(0) is the same as <see cref="NoStream"/>.
/// <c>default(ExpectedVersion)</c> is <see cref="NoStream"/>, the strictest choice.
/// </summary>
public readonly record struct ExpectedVersion
{
    private const long AnyValue = -1;

    private ExpectedVersion(long value) => Value = value;

    /// <summary>-1 for <see cref="Any"/>, otherwise the exact version (0 = no stream).</summary>
    public long Value { get; }

    /// <summary>The stream must not exist yet.</summary>
    public static ExpectedVersion NoStream => new(0);

    /// <summary>No check: append after whatever is there (creating the stream if needed).</summary>
    public static ExpectedVersion Any => new(AnyValue);

    public static ExpectedVersion Exact(long version) =>
        version >= 0
            ? new ExpectedVersion(version)
            : throw new ArgumentOutOfRangeException(nameof(version), version, "A stream version is 0 or more.");

    public bool IsAny => Value == AnyValue;

    public bool IsSatisfiedBy(long actualVersion) => IsAny || Value == actualVersion;

    public override string ToString() => Value switch
    {
        AnyValue => "any",
        0 => "no stream",
        var v => v.ToString(System.Globalization.CultureInfo.InvariantCulture),
    };
}
