using System.Text.RegularExpressions;

namespace Joy.Application.EventStore;

/// <summary>Bound from <c>Joy:EventStore</c>.</summary>
public sealed partial class EventStoreOptions
{
    public const string Section = "Joy:EventStore";

    /// <summary>The PostgreSQL schema holding every Joy table.</summary>
    public string Schema { get; set; } = "joy";

    /// <summary>The channel appends notify on commit; subscribers LISTEN on it.</summary>
    public string NotificationChannel => $"{Schema}_events";

    public void Validate()
    {
        // The schema name is spliced into SQL text, so it must be a plain identifier.
        if (!IdentifierPattern().IsMatch(Schema))
        {
            throw new InvalidOperationException(
                $"{Section}:Schema '{Schema}' must be a lower-case identifier ([a-z_][a-z0-9_]*, at most 40 characters).");
        }
    }

    [GeneratedRegex("^[a-z_][a-z0-9_]{0,39}$")]
    private static partial Regex IdentifierPattern();
}
