using Microsoft.Extensions.Hosting;

namespace FlashPurchase.Infrastructure.Persistence;

public enum DatabaseProvider
{
    /// <summary>A file next to the app: the embedded default, nothing to install.</summary>
    Sqlite,

    /// <summary>MySQL 8 or MariaDB 10.11+, through Pomelo.</summary>
    MySql,
}

public sealed class DatabaseOptions
{
    public const string SectionName = "Database";
    public const string ConnectionStringName = "Database";
    public const string DefaultConnectionString = "Data Source=flashpurchase.db";

    public DatabaseProvider Provider { get; set; } = DatabaseProvider.Sqlite;

    /// <summary>
    /// The MySQL server's version, e.g. <c>8.0.36-mysql</c> or <c>10.11.6-mariadb</c>. Given rather than detected:
    /// detection opens a connection at start-up and at design time.
    /// </summary>
    public string ServerVersion { get; set; } = "8.0.36-mysql";

    /// <summary>
    /// Whether this process brings the schema up to date when it starts. Unset: yes on SQLite (one process, its own
    /// file) and in Development, no otherwise, where the <c>migrate</c> command runs once before the API and Worker
    /// start and each of them only checks, at start-up, that no migration is pending.
    /// </summary>
    public bool? MigrateOnStartup { get; set; }

    public bool MigratesOnStartup(IHostEnvironment environment) =>
        MigrateOnStartup ?? (Provider == DatabaseProvider.Sqlite || environment.IsDevelopment());
}
