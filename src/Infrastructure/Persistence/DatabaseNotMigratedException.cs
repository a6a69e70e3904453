namespace FlashPurchase.Infrastructure.Persistence;

/// <summary>
/// Start-up found a database this version cannot run on as it is; the message is one line that says what to do. The
/// hosts exit with it rather than a stack trace.
/// </summary>
public sealed class DatabaseNotMigratedException(string message) : Exception(message);
