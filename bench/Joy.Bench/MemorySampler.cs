using System.Diagnostics;

namespace Joy.Bench;

/// <summary>
/// Samples this process's working set and managed heap every few milliseconds while a transfer
/// runs; reports the peaks above the level measured just before it started.
/// </summary>
internal sealed class MemorySampler : IAsyncDisposable
{
    private readonly CancellationTokenSource _stop = new();
    private readonly Task _sampling;
    private readonly long _baseWorkingSet;
    private readonly long _baseHeap;
    private readonly long _baseAllocated;
    private long _peakWorkingSet;
    private long _peakHeap;

    public MemorySampler()
    {
        GC.Collect();
        GC.WaitForPendingFinalizers();
        GC.Collect();
        _baseWorkingSet = _peakWorkingSet = WorkingSet();
        _baseHeap = _peakHeap = GC.GetTotalMemory(false);
        _baseAllocated = GC.GetTotalAllocatedBytes();
        _sampling = Task.Run(SampleAsync);
    }

    public long WorkingSetGrowth => _peakWorkingSet - _baseWorkingSet;
    public long HeapGrowth => _peakHeap - _baseHeap;
    public long Allocated { get; private set; }

    private static long WorkingSet()
    {
        using var process = Process.GetCurrentProcess();
        return process.WorkingSet64;
    }

    private async Task SampleAsync()
    {
        while (!_stop.IsCancellationRequested)
        {
            _peakWorkingSet = Math.Max(_peakWorkingSet, WorkingSet());
            _peakHeap = Math.Max(_peakHeap, GC.GetTotalMemory(false));
            try
            {
                await Task.Delay(10, _stop.Token);
            }
            catch (OperationCanceledException)
            {
                return;
            }
        }
    }

    public async ValueTask DisposeAsync()
    {
        Allocated = GC.GetTotalAllocatedBytes() - _baseAllocated;
        await _stop.CancelAsync();
        await _sampling;
        _stop.Dispose();
    }
}
