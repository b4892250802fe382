using Joy.Application.EventStore;
using Joy.Application.Queries.Feed;

namespace Joy.Web.Queries;

/// <summary>
/// The feed's query string, shared by the paged and the live routes: <c>after</c> (a position
/// token; the SSE route prefers the <c>Last-Event-ID</c> header), <c>limit</c>, and the filters
/// <c>instance</c>, <c>stateMachine</c>, <c>type</c>, each repeatable or comma-separated.
/// <c>after=end</c> means "from now on" (<see cref="IsFromEnd"/>; the caller resolves it).
/// </summary>
internal static class FeedRequest
{
    public const int DefaultLimit = 100;

    public const string End = "end";

    public static bool IsFromEnd(HttpRequest request, bool live) =>
        request.Query["after"] == End && !(live && request.Headers.ContainsKey("Last-Event-ID"));

    public static EventFeedQuery Parse(HttpRequest request, bool live, out Dictionary<string, string[]> errors)
    {
        errors = [];
        var afterText = live && request.Headers["Last-Event-ID"] is { Count: > 0 } header && !string.IsNullOrWhiteSpace(header[0])
            ? header[0]
            : (string?)request.Query["after"];
        var after = GlobalPosition.Start;
        if (!string.IsNullOrEmpty(afterText) && afterText != End && !GlobalPosition.TryParse(afterText, out after))
        {
            errors[live && request.Headers.ContainsKey("Last-Event-ID") ? "Last-Event-ID" : "after"] =
                [$"'{afterText}' is not a position: use an event's position token (e.g. '812-40') or 'end'."];
        }

        var limit = DefaultLimit;
        if (request.Query["limit"] is { Count: > 0 } limitText
            && (!int.TryParse(limitText[0], out limit) || limit < 1 || limit > EventFeedQuery.MaxLimit))
        {
            errors["limit"] = [$"limit must be a whole number from 1 to {EventFeedQuery.MaxLimit}."];
        }

        return new EventFeedQuery(after, limit, Values(request, "instance"), Values(request, "stateMachine"), Values(request, "type"));
    }

    private static List<string> Values(HttpRequest request, string name) =>
        request.Query[name]
            .SelectMany(value => (value ?? "").Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
            .Distinct(StringComparer.Ordinal)
            .ToList();
}
