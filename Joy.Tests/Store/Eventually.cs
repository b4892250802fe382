namespace Joy.Tests.Store;

/// <summary>
/// Bounded waiting for something asynchronous to become true (no fixed sleeps). The default bound
/// is generous on purpose: the global log is held back by any long write transaction anywhere in
/// the PostgreSQL cluster (other test classes' included), which slows delivery without breaking it.
/// </summary>
public static class Eventually
{
    public static async Task TrueAsync(Func<Task<bool>> condition, TimeSpan? timeout, string what)
    {
        var deadline = DateTime.UtcNow + (timeout ?? TimeSpan.FromSeconds(60));
        while (!await condition())
        {
            if (DateTime.UtcNow > deadline)
            {
                throw new TimeoutException($"Timed out waiting for {what}.");
            }

            await Task.Delay(10);
        }
    }

    /// <summary>Waits until <paramref name="value"/> gives something, and returns it.</summary>
    public static async Task<T> ValueAsync<T>(Func<Task<T?>> value, TimeSpan? timeout, string what)
        where T : class
    {
        T? found = null;
        await TrueAsync(async () => (found = await value()) is not null, timeout, what);
        return found!;
    }

    public static Task TrueAsync(Func<bool> condition, TimeSpan? timeout, string what) =>
        TrueAsync(() => Task.FromResult(condition()), timeout, what);
}
