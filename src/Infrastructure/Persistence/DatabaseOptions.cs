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
}
