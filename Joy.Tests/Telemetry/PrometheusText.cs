using System.Globalization;
using System.Text.RegularExpressions;

namespace Joy.Tests.Telemetry;

/// <summary>A scrape of GET /metrics, parsed into series (name, labels, value).</summary>
public sealed partial class PrometheusText
{
    private readonly List<(string Name, Dictionary<string, string> Labels, double Value)> _series = [];

    public PrometheusText(string text)
    {
        foreach (var line in text.Split('\n'))
        {
            if (SeriesLine().Match(line) is { Success: true } series)
            {
                var labels = LabelPair().Matches(series.Groups["labels"].Value)
                    .ToDictionary(pair => pair.Groups[1].Value, pair => pair.Groups[2].Value);
                _series.Add((series.Groups["name"].Value, labels,
                    double.Parse(series.Groups["value"].Value, NumberStyles.Float, CultureInfo.InvariantCulture)));
            }
        }
    }

    public static async Task<PrometheusText> ScrapeAsync(HttpClient client) =>
        new(await client.GetStringAsync("/metrics"));

    /// <summary>The series of <paramref name="name"/> whose labels include every one given.</summary>
    public IReadOnlyList<(Dictionary<string, string> Labels, double Value)> Series(string name, params (string Key, string Value)[] labels) =>
        _series.Where(s => s.Name == name && labels.All(l => s.Labels.TryGetValue(l.Key, out var v) && v == l.Value))
            .Select(s => (s.Labels, s.Value)).ToList();

    /// <summary>Whether any series's name starts with <paramref name="prefix"/> (a meter's family).</summary>
    public bool Has(string prefix) => _series.Any(s => s.Name.StartsWith(prefix, StringComparison.Ordinal));

    public double Sum(string name, params (string Key, string Value)[] labels) => Series(name, labels).Sum(s => s.Value);

    [GeneratedRegex("""^(?<name>[a-zA-Z_:][a-zA-Z0-9_:]*)(\{(?<labels>.*)\})? (?<value>\S+)""")]
    private static partial Regex SeriesLine();

    [GeneratedRegex(@"([a-zA-Z_][a-zA-Z0-9_]*)=""((?:[^""\\]|\\.)*)""")]
    private static partial Regex LabelPair();
}
