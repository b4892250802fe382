using System.Collections.Concurrent;
using System.Text.RegularExpressions;

namespace Joy.Application.EventStore;

/// <summary>
/// The SQL embedded in this assembly (<c>*.sql</c> files), with <c>__schema__</c> replaced by the
/// configured schema. The schema name is validated as a plain identifier before it gets here.
/// </summary>
public static partial class SqlScripts
{
    private const string SchemaToken = "__schema__";
    private static readonly ConcurrentDictionary<string, string> Raw = new(StringComparer.Ordinal);

    /// <summary>A script by its path under Joy.Application, e.g. <c>EventStore/Sql/read_stream.sql</c>.</summary>
    public static string Get(string path, string schema) => Raw.GetOrAdd(path, Load).Replace(SchemaToken, schema, StringComparison.Ordinal);

    /// <summary>Every migration (<c>*/Schema/NNNN_name.sql</c>), by id, in the order they apply.</summary>
    public static IReadOnlyList<(string Id, string ResourceName)> Migrations()
    {
        return typeof(SqlScripts).Assembly.GetManifestResourceNames()
            .Select(name => (Match: MigrationName().Match(name), ResourceName: name))
            .Where(m => m.Match.Success)
            .Select(m => (Id: m.Match.Groups["id"].Value, m.ResourceName))
            .OrderBy(migration => migration.Id, StringComparer.Ordinal)
            .ToList();
    }

    public static string LoadResource(string resourceName, string schema)
    {
        using var stream = typeof(SqlScripts).Assembly.GetManifestResourceStream(resourceName)
            ?? throw new InvalidOperationException($"Embedded SQL '{resourceName}' is missing.");
        using var reader = new StreamReader(stream);
        return reader.ReadToEnd().Replace(SchemaToken, schema, StringComparison.Ordinal);
    }

    [GeneratedRegex(@"\.Schema\.(?<id>\d{4}_[a-z0-9_]+)\.sql$")]
    private static partial Regex MigrationName();

    private static string Load(string path)
    {
        var resourceName = "Joy.Application." + path.Replace('/', '.');
        using var stream = typeof(SqlScripts).Assembly.GetManifestResourceStream(resourceName)
            ?? throw new InvalidOperationException($"Embedded SQL '{resourceName}' is missing.");
        using var reader = new StreamReader(stream);
        return reader.ReadToEnd();
    }
}
