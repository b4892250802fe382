using Cronos;

namespace Joy.Application.Schedules;

/// <summary>
/// A schedule's cron in its time zone (Cronos): 5 fields, or 6 with seconds first. Daylight saving as
/// Cronos defines it: a tick in the hour the clocks skip fires once, at the transition; a tick in the hour
/// they repeat fires once, at its first occurrence (an interval cron such as every 5 minutes fires in both).
/// </summary>
public sealed class CronTicks
{
    private readonly CronExpression _cron;
    private readonly TimeZoneInfo _zone;

    private CronTicks(CronExpression cron, TimeZoneInfo zone)
    {
        _cron = cron;
        _zone = zone;
    }

    /// <summary>The ticks, or what is wrong with the cron and the time zone (each, by field).</summary>
    public static (CronTicks? Ticks, Dictionary<string, string[]> Problems) Parse(string? cron, string? timeZone)
    {
        var problems = new Dictionary<string, string[]>();
        CronExpression? expression = null;
        var fields = cron?.Split(' ', StringSplitOptions.RemoveEmptyEntries).Length ?? 0;
        if (string.IsNullOrWhiteSpace(cron))
        {
            problems["cron"] = ["A cron expression is required: 5 fields (minute hour day month weekday), or 6 with seconds first."];
        }
        else if (fields is not (5 or 6))
        {
            problems["cron"] = [$"'{cron}' has {fields} fields; a cron has 5 (minute hour day month weekday), or 6 with seconds first."];
        }
        else
        {
            try
            {
                expression = CronExpression.Parse(cron, fields == 6 ? CronFormat.IncludeSeconds : CronFormat.Standard);
            }
            catch (CronFormatException e)
            {
                problems["cron"] = [$"'{cron}' is not a cron expression: {e.Message}"];
            }
        }

        TimeZoneInfo? zone = null;
        var zoneId = string.IsNullOrWhiteSpace(timeZone) ? "UTC" : timeZone;
        try
        {
            zone = TimeZoneInfo.FindSystemTimeZoneById(zoneId);
        }
        catch (Exception e) when (e is TimeZoneNotFoundException or InvalidTimeZoneException)
        {
            problems["timeZone"] = [$"'{zoneId}' is not a time zone this server knows (an IANA name, such as Europe/Berlin)."];
        }

        return (problems.Count == 0 ? new CronTicks(expression!, zone!) : null, problems);
    }

    /// <summary>Parses a stored schedule's cron, which was checked when it was defined.</summary>
    public static CronTicks Of(string cron, string timeZone) =>
        Parse(cron, timeZone).Ticks ?? throw new InvalidOperationException($"The stored cron '{cron}' ({timeZone}) no longer parses.");

    /// <summary>The first tick after <paramref name="after"/>, if any (every tick is given in UTC, as it is stored).</summary>
    public DateTimeOffset? Next(DateTimeOffset after) => _cron.GetNextOccurrence(after, _zone, inclusive: false)?.ToUniversalTime();

    /// <summary>The next <paramref name="count"/> ticks after <paramref name="after"/>.</summary>
    public IReadOnlyList<DateTimeOffset> Next(DateTimeOffset after, int count)
    {
        var ticks = new List<DateTimeOffset>(count);
        for (var at = Next(after); at is { } tick && ticks.Count < count; at = Next(tick))
        {
            ticks.Add(tick);
        }

        return ticks;
    }

    /// <summary>The ticks in (<paramref name="after"/>, <paramref name="until"/>], at most <paramref name="limit"/>.</summary>
    public IReadOnlyList<DateTimeOffset> Between(DateTimeOffset after, DateTimeOffset until, int limit) =>
        after >= until ? [] : _cron.GetOccurrences(after, until, _zone, fromInclusive: false, toInclusive: true).Take(limit).Select(t => t.ToUniversalTime()).ToList();
}
