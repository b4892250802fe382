using System.ComponentModel.DataAnnotations;

namespace Joy.Application.Blobs;

/// <summary>Configuration section <c>Joy:Blobs</c>.</summary>
public sealed class BlobOptions
{
    public const string SectionName = "Joy:Blobs";

    /// <summary>Largest blob accepted, counted on the decompressed bytes while they stream in. Default 1 GiB.</summary>
    [Range(0, long.MaxValue)]
    public long MaxSizeBytes { get; set; } = 1L << 30;

    /// <summary>
    /// Largest JSON upload request (<c>{"body": base64, ...}</c>), which is parsed in memory; big files
    /// belong in the streamed <c>application/octet-stream</c> form. Default 64 MiB.
    /// </summary>
    [Range(1024, int.MaxValue)]
    public long MaxJsonRequestBytes { get; set; } = 64L << 20;

    /// <summary>Bytes per stored chunk for new blobs. Old blobs keep the size they were written with.</summary>
    [Range(4096, 64 << 20)]
    public int ChunkSizeBytes { get; set; } = 1 << 20;

    /// <summary>Chunks fetched per query when reading; bounds what a reader holds and what an abandoned read drains.</summary>
    [Range(1, 1024)]
    public int ChunksPerQuery { get; set; } = 8;

    /// <summary>
    /// Chunks an upload writes per committed batch. A batch is read from the client first, then
    /// written in one short COPY, so no transaction stays open while a slow client sends.
    /// </summary>
    [Range(1, 64)]
    public int ChunksPerUploadBatch { get; set; } = 4;

    /// <summary>A staged upload older than this is abandoned and collected with its chunks. Default 1 h.</summary>
    [Range(typeof(TimeSpan), "00:00:00", "30.00:00:00")]
    public TimeSpan StagedUploadMaxAge { get; set; } = TimeSpan.FromHours(1);

    /// <summary>How often abandoned staged uploads are collected (also once at startup). Default 10 min.</summary>
    [Range(typeof(TimeSpan), "00:00:01", "1.00:00:00")]
    public TimeSpan StagedUploadSweepInterval { get; set; } = TimeSpan.FromMinutes(10);
}
