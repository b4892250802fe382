using System.Collections.Concurrent;

namespace Joy.Application.EventStore;

/// <summary>
/// The SQL embedded in this assembly (<c>*.sql</c> files), with <c>__schema__</c> replaced by the
/// configured schema. The schema name is validated as a plain identifier before it gets here.
/// </summary>
public static class SqlScripts
{
    private const string SchemaToken = "__schema__";
    private static readonly ConcurrentDictionary<string, string> Raw = new(StringComparer.Ordinal);

    /// <summary>A script by its path under Joy.Application, e.g. <c>EventStore/Sql/read_stream.sql</c>.</summary>
    public static string Get(string path, string schema) => Raw.GetOrAdd(path, Load).Replace(SchemaToken, schema, StringComparison.Ordinal);

    private static string Load(string path)
    {
        var resourceName = "Joy.Application." + path.Replace('/', '.');
        using var stream = typeof(SqlScripts).Assembly.GetManifestResourceStream(resourceName)
            ?? throw new InvalidOperationException($"Embedded SQL '{resourceName}' is missing.");
        using var reader = new StreamReader(stream);
        return reader.ReadToEnd();
    }
}
