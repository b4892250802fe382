using System.Net;
using System.Net.Http.Headers;

namespace Joy.Tests.Blobs;

/// <summary>
/// A streamed request body (no Content-Length) that sends its first <c>pauseAfter</c> bytes, then
/// waits for <see cref="Resume"/> before sending the rest: a slow client, mid-upload.
/// </summary>
public sealed class PausingContent : HttpContent
{
    private readonly byte[] _bytes;
    private readonly int _pauseAfter;
    private readonly TaskCompletionSource _paused = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly TaskCompletionSource _resume = new(TaskCreationOptions.RunContinuationsAsynchronously);

    public PausingContent(byte[] bytes, int pauseAfter)
    {
        (_bytes, _pauseAfter) = (bytes, pauseAfter);
        Headers.ContentType = new MediaTypeHeaderValue("application/octet-stream");
    }

    /// <summary>Completes once the first part has been sent.</summary>
    public Task Paused => _paused.Task;

    public void Resume() => _resume.TrySetResult();

    protected override async Task SerializeToStreamAsync(Stream stream, TransportContext? context)
    {
        await stream.WriteAsync(_bytes.AsMemory(0, _pauseAfter));
        await stream.FlushAsync();
        _paused.TrySetResult();
        await _resume.Task;
        await stream.WriteAsync(_bytes.AsMemory(_pauseAfter));
    }

    protected override bool TryComputeLength(out long length)
    {
        length = 0;
        return false;
    }
}
