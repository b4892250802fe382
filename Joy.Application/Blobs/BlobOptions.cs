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
}
