namespace Joy.Bench;

/// <summary>
/// <paramref name="length"/> bytes generated as they are read: one random 1 MiB block, with each
/// block's index and the <paramref name="seed"/> stamped into its first 8 bytes, so no two chunks
/// (and no two seeds' streams) are equal. Costs a memcpy.
/// </summary>
internal sealed class GeneratedStream(long length, int seed = 0) : Stream
{
    private const int BlockSize = 1 << 20;
    private static readonly byte[] Pattern = MakePattern();
    private long _position;

    private static byte[] MakePattern()
    {
        var bytes = new byte[BlockSize];
        new Random(20261121).NextBytes(bytes);
        return bytes;
    }

    public override int Read(Span<byte> buffer)
    {
        var count = (int)Math.Min(buffer.Length, length - _position);
        var done = 0;
        while (done < count)
        {
            var inBlock = (int)(_position % BlockSize);
            var take = Math.Min(BlockSize - inBlock, count - done);
            Pattern.AsSpan(inBlock, take).CopyTo(buffer.Slice(done, take));
            for (var i = inBlock; i < Math.Min(8, inBlock + take); i++)
            {
                buffer[done + i - inBlock] ^= (byte)(((_position / BlockSize) + ((long)seed << 40)) >> (8 * i));
            }

            done += take;
            _position += take;
        }

        return count;
    }

    public override int Read(byte[] buffer, int offset, int count) => Read(buffer.AsSpan(offset, count));

    public override ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default) =>
        ValueTask.FromResult(Read(buffer.Span));

    public override Task<int> ReadAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) =>
        Task.FromResult(Read(buffer, offset, count));

    public override bool CanRead => true;
    public override bool CanSeek => false;
    public override bool CanWrite => false;
    public override long Length => length;

    public override long Position
    {
        get => _position;
        set => throw new NotSupportedException();
    }

    public override void Flush()
    {
    }

    public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

    public override void SetLength(long value) => throw new NotSupportedException();

    public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();
}
