using System.Collections.Concurrent;
using Microsoft.Extensions.Logging;

namespace FlashPurchase.WebApi.FunctionalTests.Problems;

/// <summary>Keeps every log entry written through it, at every level, for a test to read.</summary>
public sealed class CollectingLoggerProvider : ILoggerProvider
{
    private readonly ConcurrentQueue<LogEntry> _entries = new();

    public IReadOnlyList<LogEntry> Entries => [.. _entries];

    public IReadOnlyList<LogEntry> Of<T>() => Entries.Where(e => e.Category == typeof(T).FullName).ToList();

    /// <summary>An <see cref="ILogger{T}"/> that writes here, whatever the configured minimum levels.</summary>
    public ILogger<T> LoggerFor<T>() =>
        new Logger<T>(LoggerFactory.Create(logging => logging.SetMinimumLevel(LogLevel.Trace).AddProvider(this)));

    public ILogger CreateLogger(string categoryName) => new Collector(categoryName, _entries);

    public void Dispose()
    {
    }

    private sealed class Collector(string category, ConcurrentQueue<LogEntry> entries) : ILogger
    {
        public IDisposable? BeginScope<TState>(TState state) where TState : notnull => null;

        public bool IsEnabled(LogLevel logLevel) => true;

        public void Log<TState>(
            LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter) =>
            entries.Enqueue(new LogEntry(category, logLevel, exception, formatter(state, exception)));
    }
}

public sealed record LogEntry(string Category, LogLevel Level, Exception? Exception, string Message);
