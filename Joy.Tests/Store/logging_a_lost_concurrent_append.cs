using System.Collections.Concurrent;
using Joy.Application.EventStore;
using Joy.Tests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace Joy.Tests.Store;

/// <summary>
/// A stale expected version is routine (the caller decides again, or answers 409): Marten must not
/// log it as an error with its SQL, while its other failures stay errors.
/// </summary>
public class logging_a_lost_concurrent_append(TestDatabase database) : IClassFixture<TestDatabase>
{
    [Fact]
    public async Task is_not_an_error_in_the_log_but_other_failures_are()
    {
        var logs = new RecordingLoggerProvider();
        using var host = await StoreFixture.StartHostAsync(database.ConnectionString, services =>
            services.AddSingleton<ILoggerProvider>(logs));
        var store = host.Services.GetRequiredService<IEventStore>();
        var stream = $"counter-{Guid.NewGuid():N}";
        await store.AppendAsync(stream, ExpectedVersion.NoStream, TestEvents.Increments(1));

        await Should.ThrowAsync<WrongExpectedVersionException>(() =>
            store.AppendAsync(stream, ExpectedVersion.Exact(0), TestEvents.Increments(2)));
        await Should.ThrowAsync<Exception>(async () =>
        {
            await using var session = host.Services.GetRequiredService<Marten.IDocumentStore>().LightweightSession();
            session.QueueSqlCommand("SELECT 1 / 0");
            await session.SaveChangesAsync();
        });

        var errors = logs.Entries
            .Where(e => e.Category == "Marten.IDocumentStore" && e.Level >= LogLevel.Error)
            .Select(e => (e.Exception as Npgsql.PostgresException)?.SqlState)
            .ToList();
        errors.ShouldNotContain("MT003");
        errors.ShouldContain("22012"); // division by zero
        await host.StopAsync();
    }

    private sealed class RecordingLoggerProvider : ILoggerProvider
    {
        public ConcurrentQueue<(string Category, LogLevel Level, Exception? Exception)> Entries { get; } = new();

        public ILogger CreateLogger(string categoryName) => new Recorder(this, categoryName);

        public void Dispose()
        {
        }

        private sealed class Recorder(RecordingLoggerProvider provider, string category) : ILogger
        {
            public IDisposable? BeginScope<TState>(TState state) where TState : notnull => null;

            public bool IsEnabled(LogLevel logLevel) => true;

            public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter) =>
                provider.Entries.Enqueue((category, logLevel, exception));
        }
    }
}
