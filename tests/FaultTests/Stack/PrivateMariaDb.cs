using MySqlConnector;

namespace FlashPurchase.FaultTests.Stack;

/// <summary>
/// A MariaDB server of the fault tests' own: a data directory made by <c>mariadb-install-db</c>, and <c>mariadbd</c> as
/// a child process on a free port of 127.0.0.1. The tests stop it (SIGTERM, a clean shutdown) and start it again on
/// the same data directory and port, which the servers of scripts/ensure-services.sh, shared with the other test
/// projects, must never suffer.
/// </summary>
public sealed class PrivateMariaDb : IAsyncDisposable
{
    /// <summary>The app's account (created at start-up; root stays for the admin work).</summary>
    private const string AppUser = "flashpurchase_fault";
    private const string AppPassword = "flashpurchase_fault";

    private readonly string _directory;
    private readonly string _logDirectory;
    private readonly string _server;
    private readonly string _runMarker;
    private ChildProcess? _process;
    private int _starts;

    private PrivateMariaDb(string directory, string logDirectory, string server, int port, string runMarker)
    {
        _directory = directory;
        _runMarker = runMarker;
        _logDirectory = logDirectory;
        _server = server;
        Port = port;
    }

    public int Port { get; }

    /// <summary>e.g. <c>10.11.19-mariadb</c>, the form Database__ServerVersion takes.</summary>
    public string ServerVersion { get; private set; } = string.Empty;

    /// <summary>root over TCP: may create and drop databases.</summary>
    public string AdminConnectionString => new MySqlConnectionStringBuilder
    {
        Server = "127.0.0.1",
        Port = (uint)Port,
        UserID = "root",
        Pooling = false,
    }.ConnectionString;

    /// <summary>The app's account on <paramref name="database"/>, pool settings left to the driver's defaults.</summary>
    public string AppConnectionString(string database) => new MySqlConnectionStringBuilder
    {
        Server = "127.0.0.1",
        Port = (uint)Port,
        Database = database,
        UserID = AppUser,
        Password = AppPassword,
    }.ConnectionString;

    public bool IsRunning => _process is { HasExited: false };

    public string LogPath => Path.Combine(_logDirectory, "mariadb.log");

    public static async Task<PrivateMariaDb> StartAsync(string dataDirectory, string logDirectory)
    {
        var install = CommandLine.Find("mariadb-install-db", "mysql_install_db");
        var server = CommandLine.Find("mariadbd", "mysqld");
        if (install is null || server is null)
        {
            throw new InvalidOperationException(
                "The fault tests start a MariaDB server of their own and need mariadb-install-db and mariadbd " +
                "(Debian: apt-get install mariadb-server; scripts/test.sh installs it when run as root).");
        }

        var directory = Path.Combine(dataDirectory, "mariadb");
        Directory.CreateDirectory(directory);
        var mariaDb = new PrivateMariaDb(directory, logDirectory, server, FreePorts.Next(), dataDirectory);

        // --no-defaults: nothing from /etc/mysql (the shared server's settings, its log and socket paths).
        var output = await CommandLine.RunCheckedAsync(install, [
            "--no-defaults", $"--datadir={mariaDb.DataPath}", "--auth-root-authentication-method=normal", "--skip-test-db",
            "--innodb-log-file-size=16M", .. RunAsArguments(),
        ], new Dictionary<string, string?>(), dataDirectory, TimeSpan.FromMinutes(3), directory);
        await File.WriteAllTextAsync(Path.Combine(logDirectory, "mariadb-install.log"), output);

        await mariaDb.StartServerAsync();
        await mariaDb.InitializeAccountsAsync();
        return mariaDb;
    }

    /// <summary>Starts <c>mariadbd</c> on the existing data directory and waits until it answers a query.</summary>
    public async Task StartServerAsync()
    {
        if (IsRunning)
        {
            return;
        }

        _starts++;
        _process = ChildProcess.Start($"mariadbd#{_starts}", _server, [
            "--no-defaults",
            $"--datadir={DataPath}",
            "--bind-address=127.0.0.1",
            $"--port={Port}",
            $"--socket={Path.Combine(_directory, "mysqld.sock")}",
            $"--pid-file={Path.Combine(_directory, "mysqld.pid")}",
            $"--log-error={LogPath}",
            "--skip-name-resolve",
            "--max-connections=1000",
            "--character-set-server=utf8mb4",
            "--collation-server=utf8mb4_general_ci",
            "--innodb-buffer-pool-size=64M",
            "--innodb-log-file-size=16M",
            // Fewer fsyncs on a machine shared with other builds. A clean stop (SIGTERM) loses nothing either way;
            // these tests never crash the database server itself.
            "--innodb-flush-log-at-trx-commit=2",
            .. RunAsArguments(),
        ], new Dictionary<string, string?>(), Path.Combine(_logDirectory, "mariadb.out"), _runMarker, _directory);

        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(90);
        while (true)
        {
            try
            {
                await using var connection = new MySqlConnection(AdminConnectionString);
                await connection.OpenAsync();
                await using var command = new MySqlCommand("SELECT VERSION()", connection);
                var version = (string)(await command.ExecuteScalarAsync())!;
                ServerVersion = ToServerVersion(version);
                return;
            }
            catch (MySqlException) when (DateTime.UtcNow < deadline && !_process.HasExited)
            {
                await Task.Delay(200);
            }
            catch (MySqlException e)
            {
                throw new InvalidOperationException(
                    $"The private MariaDB did not come up on port {Port}: {e.Message}\n{LogFiles.Tail(LogPath, 30)}", e);
            }
        }
    }

    /// <summary>Stops the server the way an operator does (SIGTERM: clients' connections are closed) and waits.</summary>
    public async Task StopServerAsync()
    {
        if (_process is { } process)
        {
            _process = null;
            await process.StopAsync(TimeSpan.FromSeconds(60));
            await process.DisposeAsync();
        }
    }

    public async Task ExecuteAsync(string sql)
    {
        await using var connection = new MySqlConnection(AdminConnectionString);
        await connection.OpenAsync();
        await using var command = new MySqlCommand(sql, connection);
        await command.ExecuteNonQueryAsync();
    }

    public async ValueTask DisposeAsync() => await StopServerAsync();

    private string DataPath => Path.Combine(_directory, "data");

    private async Task InitializeAccountsAsync() =>
        await ExecuteAsync($"""
            CREATE USER '{AppUser}'@'127.0.0.1' IDENTIFIED BY '{AppPassword}';
            GRANT ALL PRIVILEGES ON `fptest\_%`.* TO '{AppUser}'@'127.0.0.1';
            """);

    /// <summary>mariadbd refuses to run as root unless told to.</summary>
    private static string[] RunAsArguments() => Environment.UserName == "root" ? ["--user=root"] : [];

    /// <summary>"10.11.19-MariaDB-0+deb12u1" → "10.11.19-mariadb".</summary>
    private static string ToServerVersion(string version)
    {
        var number = new string(version.TakeWhile(c => char.IsDigit(c) || c == '.').ToArray());
        return version.Contains("mariadb", StringComparison.OrdinalIgnoreCase) ? $"{number}-mariadb" : $"{number}-mysql";
    }
}
