using System.Globalization;

namespace Joy.Application.Queries.Instances;

/// <summary>
/// The original service's list filters plus keyset paging. <see cref="BeginTime"/> keeps instances
/// started at or after it; <see cref="FinishTime"/> keeps instances that finished at or before it
/// (so it implies finished). Newest first; <see cref="After"/> is the previous page's last item.
/// </summary>
public sealed record InstanceListQuery(
    string? Name = null,
    string? Stage = null,
    string? Status = null,
    DateTimeOffset? BeginTime = null,
    DateTimeOffset? FinishTime = null,
    InstanceCursor? After = null,
    int Limit = 50)
{
    public const int MaxLimit = 500;
}

/// <summary>A place in the newest-first list: the token form is <c>{created unix µs}_{id}</c>.</summary>
public sealed record InstanceCursor(DateTimeOffset CreatedAt, string Id)
{
    public override string ToString() =>
        string.Create(CultureInfo.InvariantCulture, $"{(CreatedAt.UtcTicks - DateTimeOffset.UnixEpoch.UtcTicks) / 10}_{Id}");

    public static bool TryParse(string? text, out InstanceCursor? cursor)
    {
        cursor = null;
        var split = text?.IndexOf('_') ?? -1;
        if (split <= 0 || split == text!.Length - 1
            || !long.TryParse(text.AsSpan(0, split), NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var micros))
        {
            return false;
        }

        cursor = new InstanceCursor(DateTimeOffset.UnixEpoch.AddTicks(micros * 10), text[(split + 1)..]);
        return true;
    }
}

public sealed record InstanceSummary(
    string Id,
    string Name,
    int StateMachineVersion,
    string Status,
    string? Stage,
    int Priority,
    string? Error,
    DateTimeOffset CreatedAt,
    DateTimeOffset StartedAt,
    DateTimeOffset? FinishedAt,
    DateTimeOffset UpdatedAt,
    long Version);

public sealed record InstancePage(IReadOnlyList<InstanceSummary> Items, string? Next);
