using System.Reflection;

namespace Joy.Application.Blobs;

/// <summary>The blob store's SQL, embedded from <c>Blobs/Sql/*.sql</c>.</summary>
internal static class BlobSql
{
    public static readonly string Schema = Load("schema");
    public static readonly string CopyChunks = Load("copy_chunks");
    public static readonly string InsertBlob = Load("insert_blob");
    public static readonly string SelectBlob = Load("select_blob");
    public static readonly string SelectChunks = Load("select_chunks");
    public static readonly string ListBlobs = Load("list_blobs");

    private static string Load(string name)
    {
        var resource = $"Joy.Application.Blobs.Sql.{name}.sql";
        using var stream = Assembly.GetExecutingAssembly().GetManifestResourceStream(resource)
            ?? throw new InvalidOperationException($"Embedded SQL {resource} is missing.");
        using var reader = new StreamReader(stream);
        return reader.ReadToEnd();
    }
}
