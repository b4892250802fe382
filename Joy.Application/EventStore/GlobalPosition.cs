using System.Globalization;

namespace Joy.Application.EventStore;

/// <summary>
/// A place in the global log: Marten's event sequence number (<c>mt_events.seq_id</c>). The log is
/// read only up to the async daemon's high-water mark, below which the sequence has no gap that a
/// live transaction could still fill, so "after this number" never skips nor repeats an event.
/// <see cref="Start"/> (0) is before the first event.
/// </summary>
public readonly record struct GlobalPosition(long Sequence) : IComparable<GlobalPosition>
{
    public static GlobalPosition Start => default;

    public int CompareTo(GlobalPosition other) => Sequence.CompareTo(other.Sequence);

    public static bool operator <(GlobalPosition left, GlobalPosition right) => left.CompareTo(right) < 0;
    public static bool operator >(GlobalPosition left, GlobalPosition right) => left.CompareTo(right) > 0;
    public static bool operator <=(GlobalPosition left, GlobalPosition right) => left.CompareTo(right) <= 0;
    public static bool operator >=(GlobalPosition left, GlobalPosition right) => left.CompareTo(right) >= 0;

    /// <summary>The token form for HTTP paging and SSE ids: the sequence number.</summary>
    public override string ToString() => Sequence.ToString(CultureInfo.InvariantCulture);

    public static bool TryParse(string? text, out GlobalPosition position)
    {
        position = Start;
        if (!long.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var sequence))
        {
            return false;
        }

        position = new GlobalPosition(sequence);
        return true;
    }
}
