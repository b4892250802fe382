using System.Buffers.Binary;

namespace Joy.Tests.Blobs;

/// <summary>
/// A read-only stream of <paramref name="length"/> deterministic pseudo-random bytes (xorshift64),
/// generated as it is read: big uploads without big buffers, reproducible for hashing.
/// </summary>
internal sealed class PseudoRandomStream(long length, ulong seed = 0x9E3779B97F4A7C15) : Stream
{
    private ulong _state = seed;
    private long _position;

    public override bool CanRead => true;
    public override bool CanSeek => false;
    public override bool CanWrite => false;
    public override long Length => length;

    public override long Position
    {
        get => _position;
        set => throw new NotSupportedException();
    }

    public override int Read(byte[] buffer, int offset, int count) => Read(buffer.AsSpan(offset, count));

    public override int Read(Span<byte> buffer)
    {
        var count = (int)Math.Min(buffer.Length, length - _position);
        var written = 0;
        Span<byte> block = stackalloc byte[8];
        while (written < count)
        {
            // One xorshift step per 8-byte block; a read may start or end inside a block.
            var inBlock = (int)(_position & 7);
            if (inBlock == 0)
            {
                _state ^= _state << 13;
                _state ^= _state >> 7;
                _state ^= _state << 17;
            }

            BinaryPrimitives.WriteUInt64LittleEndian(block, _state);
            var take = Math.Min(8 - inBlock, count - written);
            block.Slice(inBlock, take).CopyTo(buffer[written..]);
            written += take;
            _position += take;
        }

        return count;
    }

    public override ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default) =>
        ValueTask.FromResult(Read(buffer.Span));

    public override Task<int> ReadAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) =>
        Task.FromResult(Read(buffer, offset, count));

    public override void Flush()
    {
    }

    public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

    public override void SetLength(long value) => throw new NotSupportedException();

    public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();
}
