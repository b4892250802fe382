using System.Globalization;

namespace Joy.Application.EventStore;

/// <summary>
/// A place in the global log: the writing transaction's id (<c>xid8</c>) and the row's sequence
/// number. The log is ordered by this pair, not by the sequence alone (see
/// <see cref="PostgresEventStore"/> for why), so a checkpoint or a page token is always both.
/// </summary>
public readonly record struct GlobalPosition(ulong TransactionId, long Sequence) : IComparable<GlobalPosition>
{
    /// <summary>Before the first event.</summary>
    public static GlobalPosition Start => default;

    public int CompareTo(GlobalPosition other)
    {
        var byTransaction = TransactionId.CompareTo(other.TransactionId);
        return byTransaction != 0 ? byTransaction : Sequence.CompareTo(other.Sequence);
    }

    public static bool operator <(GlobalPosition left, GlobalPosition right) => left.CompareTo(right) < 0;
    public static bool operator >(GlobalPosition left, GlobalPosition right) => left.CompareTo(right) > 0;
    public static bool operator <=(GlobalPosition left, GlobalPosition right) => left.CompareTo(right) <= 0;
    public static bool operator >=(GlobalPosition left, GlobalPosition right) => left.CompareTo(right) >= 0;

    /// <summary>The token form, <c>"{transactionId}-{sequence}"</c>, for HTTP paging.</summary>
    public override string ToString() =>
        string.Create(CultureInfo.InvariantCulture, $"{TransactionId}-{Sequence}");

    public static bool TryParse(string? text, out GlobalPosition position)
    {
        position = Start;
        var parts = text?.Split('-');
        if (parts is not [var tx, var seq]
            || !ulong.TryParse(tx, NumberStyles.None, CultureInfo.InvariantCulture, out var transactionId)
            || !long.TryParse(seq, NumberStyles.None, CultureInfo.InvariantCulture, out var sequence))
        {
            return false;
        }

        position = new GlobalPosition(transactionId, sequence);
        return true;
    }
}
