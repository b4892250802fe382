using Joy.Application.EventStore;
using Weasel.Core;
using Weasel.Postgresql;
using CascadeAction = Weasel.Core.CascadeAction;
using Weasel.Postgresql.Tables;

namespace Joy.Application.Blobs;

/// <summary>
/// Content-addressed blobs. The content hash (the blob id) is only known once the last byte has
/// arrived, so chunks are staged under an upload id in short committed batches: an upload never holds
/// a transaction open, because the event store's gap-safe read horizon is cluster-wide. A staged
/// upload is invisible to readers (they reach chunks only through a blobs row); publishing marks the
/// upload and inserts the blobs row in one short transaction, moving no chunk bytes.
/// </summary>
internal static class BlobTables
{
    public static IEnumerable<ISchemaObject> For(string schema)
    {
        var uploads = new Table(new PostgresqlObjectName(schema, "blob_uploads", SchemaUtils.IdentifierUsage.General));
        uploads.AddColumn("upload_id", "uuid").AsPrimaryKey();
        uploads.AddColumn("started_at", "timestamptz").NotNull().DefaultValueByExpression("now()");
        uploads.AddColumn("published_at", "timestamptz");
        // What the collector of abandoned uploads scans.
        uploads.Indexes.Add(new IndexDefinition("blob_uploads_staged") { Columns = ["started_at"], Predicate = "published_at IS NULL" });
        yield return uploads;

        var blobs = new Table(new PostgresqlObjectName(schema, "blobs", SchemaUtils.IdentifierUsage.General));
        blobs.AddColumn("id", "text").AsPrimaryKey();
        blobs.AddColumn("upload_id", "uuid").NotNull()
            .ForeignKeyTo(uploads, "upload_id", "blobs_upload_id_fkey", CascadeAction.NoAction, CascadeAction.NoAction)
            .AddIndex(index => { index.Name = "blobs_upload_id_key"; index.IsUnique = true; });
        blobs.AddColumn("size", "bigint").NotNull();
        blobs.AddColumn("chunk_size", "integer").NotNull();
        blobs.AddColumn("chunk_count", "integer").NotNull();
        blobs.AddColumn("remark", "text");
        blobs.AddColumn("time_stamp", "bigint");
        blobs.AddColumn("created_at", "timestamptz").NotNull().DefaultValueByExpression("now()");
        blobs.CheckConstraints.Add(new TableCheckConstraint("blobs_id_check", "id ~ '^[0-9a-f]{64}$'::text"));
        blobs.CheckConstraints.Add(new TableCheckConstraint("blobs_size_check", "size >= 0"));
        blobs.CheckConstraints.Add(new TableCheckConstraint("blobs_chunk_size_check", "chunk_size > 0"));
        blobs.CheckConstraints.Add(new TableCheckConstraint("blobs_chunk_count_check", "chunk_count >= 0"));
        yield return blobs;

        // Deleting a staged upload deletes its chunks; a batch arriving after its upload was collected
        // fails on the foreign key instead of leaving orphans.
        var chunks = new Table(new PostgresqlObjectName(schema, "blob_chunks", SchemaUtils.IdentifierUsage.General));
        chunks.AddColumn("upload_id", "uuid").AsPrimaryKey()
            .ForeignKeyTo(uploads, "upload_id", "blob_chunks_upload_id_fkey", CascadeAction.Cascade, CascadeAction.NoAction);
        chunks.AddColumn("index", "integer").AsPrimaryKey();
        chunks.AddColumn("data", "bytea").NotNull();
        yield return chunks;

        // Blob bytes are mostly incompressible (binaries, archives, gzip): EXTERNAL skips pglz's
        // compression attempt on every chunk and lets substring() fetch slices without detoasting.
        yield return new ColumnStorage(chunks.Identifier, "data", ColumnStorage.External);
    }
}
