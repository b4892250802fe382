using Joy.Application.EventStore;

namespace Joy.Application.Blobs;

/// <summary>
/// The blob store's SQL, embedded from <c>Blobs/Sql/*.sql</c>, in the event store's schema (the
/// tables are <see cref="BlobTables"/>).
/// </summary>
internal sealed class BlobSql(string schema)
{
    public string BeginUpload { get; } = Get("begin_upload", schema);
    public string CopyChunks { get; } = Get("copy_chunks", schema);
    public string PublishUpload { get; } = Get("publish_upload", schema);
    public string InsertBlob { get; } = Get("insert_blob", schema);
    public string DiscardUpload { get; } = Get("discard_upload", schema);
    public string CollectUploads { get; } = Get("collect_uploads", schema);
    public string SelectBlob { get; } = Get("select_blob", schema);
    public string SelectChunks { get; } = Get("select_chunks", schema);
    public string ListBlobs { get; } = Get("list_blobs", schema);

    private static string Get(string name, string schema) => SqlScripts.Get($"Blobs/Sql/{name}.sql", schema);
}
