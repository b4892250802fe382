using Marten;
using Microsoft.Extensions.Logging;
using Npgsql;

namespace Joy.Application.EventStore;

/// <summary>
/// The logger Marten writes its command failures to (<c>ILogger&lt;IDocumentStore&gt;</c>), with one
/// change: a version-checked append that lost to a concurrent one (Marten's <c>MT003</c>, "stream
/// version mismatch") is logged at Debug, not as an error with its SQL. Joy expects those (ten judge
/// runs reporting on one instance at once) and decides again; a conflict it gives up on reaches
/// the caller as the 409. Everything else passes through as Marten logs it.
/// </summary>
public sealed class ConflictQuietMartenLogger(ILoggerFactory factory) : ILogger<IDocumentStore>
{
    private readonly ILogger _inner = factory.CreateLogger<IDocumentStore>();

    public IDisposable? BeginScope<TState>(TState state) where TState : notnull => _inner.BeginScope(state);

    public bool IsEnabled(LogLevel logLevel) => _inner.IsEnabled(logLevel);

    public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
    {
        if (exception is PostgresException { SqlState: "MT003" })
        {
            logLevel = LogLevel.Debug;
        }

        if (_inner.IsEnabled(logLevel))
        {
            _inner.Log(logLevel, eventId, state, exception, formatter);
        }
    }
}
