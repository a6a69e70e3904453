using System.Globalization;

namespace FlashPurchase.FaultTests.Stack;

/// <summary>
/// A RabbitMQ node of the fault tests' own, so that <c>rabbitmqctl stop_app</c> never hits the broker the other test
/// projects share. Everything the Debian package would take from /etc/rabbitmq and /var/lib/rabbitmq is private: node
/// name, AMQP, distribution and epmd ports, Erlang cookie (in a HOME of its own), Mnesia and log directories, config
/// and enabled-plugins files (none: no management plugin, <c>rabbitmqctl</c> does the admin work). The scripts in
/// /usr/lib/rabbitmq/bin are called directly: the /usr/sbin wrappers switch to the rabbitmq user when run as root,
/// which would lose this environment.
/// </summary>
public sealed class PrivateRabbitMq : IAsyncDisposable
{
    private static readonly TimeSpan CtlTimeout = TimeSpan.FromSeconds(90);

    private readonly string _directory;
    private readonly string _logDirectory;
    private readonly string _scripts;
    private readonly string _runMarker;
    private readonly Dictionary<string, string?> _environment;
    private ChildProcess? _node;

    private PrivateRabbitMq(string directory, string logDirectory, string scripts, string runMarker)
    {
        _directory = directory;
        _logDirectory = logDirectory;
        _scripts = scripts;
        _runMarker = runMarker;
        NodeName = $"fpfault-{Guid.NewGuid():N}"[..16] + "@localhost";
        AmqpPort = FreePorts.Next();
        var home = Path.Combine(directory, "home");
        _environment = new Dictionary<string, string?>
        {
            ["HOME"] = home,
            ["RABBITMQ_NODENAME"] = NodeName,
            ["RABBITMQ_NODE_IP_ADDRESS"] = "127.0.0.1",
            ["RABBITMQ_NODE_PORT"] = AmqpPort.ToString(CultureInfo.InvariantCulture),
            ["RABBITMQ_DIST_PORT"] = FreePorts.Next().ToString(CultureInfo.InvariantCulture),
            ["ERL_EPMD_PORT"] = FreePorts.Next().ToString(CultureInfo.InvariantCulture),
            ["RABBITMQ_MNESIA_BASE"] = Path.Combine(directory, "mnesia"),
            ["RABBITMQ_LOG_BASE"] = logDirectory,
            ["RABBITMQ_CONFIG_FILE"] = Path.Combine(directory, "rabbitmq.conf"),
            ["RABBITMQ_ADVANCED_CONFIG_FILE"] = Path.Combine(directory, "advanced.config"),
            ["RABBITMQ_CONF_ENV_FILE"] = Path.Combine(directory, "rabbitmq-env.conf"),
            ["RABBITMQ_ENABLED_PLUGINS_FILE"] = Path.Combine(directory, "enabled_plugins"),
            ["RABBITMQ_PID_FILE"] = Path.Combine(directory, "rabbitmq.pid"),
        };
    }

    public string NodeName { get; }

    public int AmqpPort { get; }

    public static async Task<PrivateRabbitMq> StartAsync(string dataDirectory, string logDirectory)
    {
        var scripts = new[] { "/usr/lib/rabbitmq/bin" }
            .Concat(Directory.Exists("/usr/lib/rabbitmq/lib")
                ? Directory.EnumerateDirectories("/usr/lib/rabbitmq/lib", "rabbitmq_server-*").Select(d => Path.Combine(d, "sbin"))
                : [])
            .FirstOrDefault(d => File.Exists(Path.Combine(d, "rabbitmq-server")) && File.Exists(Path.Combine(d, "rabbitmqctl")))
            ?? throw new InvalidOperationException(
                "The fault tests start a RabbitMQ node of their own and need /usr/lib/rabbitmq/bin/rabbitmq-server " +
                "(Debian: apt-get install rabbitmq-server; scripts/test.sh installs it when run as root).");

        var directory = Path.Combine(dataDirectory, "rabbitmq");
        var broker = new PrivateRabbitMq(directory, logDirectory, scripts, dataDirectory);
        broker.WriteFiles();
        await broker.StartNodeAsync();
        return broker;
    }

    /// <summary>amqp://guest:guest@127.0.0.1:port/vhost (guest may log in from loopback, which is all the tests use).</summary>
    public string AmqpUri(string vhost) => $"amqp://guest:guest@127.0.0.1:{AmqpPort}/{Uri.EscapeDataString(vhost)}";

    /// <summary>A virtual host of its own for one test: its queues and messages never meet another test's.</summary>
    public async Task<string> CreateVhostAsync()
    {
        var vhost = $"fpfault-{Guid.NewGuid():N}";
        await CtlAsync("add_vhost", vhost);
        await CtlAsync("set_permissions", "-p", vhost, "guest", ".*", ".*", ".*");
        return vhost;
    }

    public async Task DeleteVhostAsync(string vhost) => await CtlAsync("delete_vhost", vhost);

    /// <summary>Stops the RabbitMQ application; the Erlang node stays up, so <see cref="StartAppAsync"/> brings it back.</summary>
    public async Task StopAppAsync() => await CtlAsync("stop_app");

    public async Task StartAppAsync()
    {
        await CtlAsync("start_app");
        await CtlAsync("await_startup", "--timeout", "120");
    }

    /// <summary>True when the RabbitMQ application runs (and accepts AMQP connections).</summary>
    public async Task<bool> IsAppRunningAsync()
    {
        var outcome = await CommandLine.RunAsync(Path.Combine(_scripts, "rabbitmq-diagnostics"),
            ["-n", NodeName, "-q", "check_running"], _environment, _runMarker, CtlTimeout, _directory);
        return outcome.Succeeded;
    }

    /// <summary>The broker's counts for a queue of <paramref name="vhost"/>; null when the queue does not exist.</summary>
    public async Task<QueueCounts?> QueueAsync(string vhost, string queue)
    {
        var output = await CtlAsync("list_queues", "-p", vhost, "--no-table-headers", "--quiet",
            "name", "messages_ready", "messages_unacknowledged", "consumers");
        foreach (var line in output.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
        {
            var fields = line.Split('\t', StringSplitOptions.TrimEntries);
            if (fields.Length == 4 && fields[0] == queue)
            {
                return new QueueCounts(
                    long.Parse(fields[1], CultureInfo.InvariantCulture),
                    long.Parse(fields[2], CultureInfo.InvariantCulture),
                    int.Parse(fields[3], CultureInfo.InvariantCulture));
            }
        }

        return null;
    }

    public async Task<string> CtlAsync(params string[] arguments) =>
        await CommandLine.RunCheckedAsync(Path.Combine(_scripts, "rabbitmqctl"), ["-n", NodeName, .. arguments],
            _environment, _runMarker, CtlTimeout, _directory);

    public async ValueTask DisposeAsync()
    {
        if (_node is { } node)
        {
            _node = null;
            // A clean halt first (it also ends the node's epmd registration); the process tree goes anyway.
            await CommandLine.RunAsync(Path.Combine(_scripts, "rabbitmqctl"), ["-n", NodeName, "stop"],
                _environment, _runMarker, TimeSpan.FromSeconds(60), _directory);
            await node.StopAsync(TimeSpan.FromSeconds(20));
            await node.DisposeAsync();
        }
    }

    private void WriteFiles()
    {
        var home = _environment["HOME"]!;
        Directory.CreateDirectory(home);
        Directory.CreateDirectory(_environment["RABBITMQ_MNESIA_BASE"]!);

        // The node and rabbitmqctl authenticate to each other with this cookie; only its owner may read it.
        var cookie = Path.Combine(home, ".erlang.cookie");
        File.WriteAllText(cookie, Convert.ToHexString(System.Security.Cryptography.RandomNumberGenerator.GetBytes(20)));
        File.SetUnixFileMode(cookie, UnixFileMode.UserRead);

        File.WriteAllText(_environment["RABBITMQ_ENABLED_PLUGINS_FILE"]!, "[].\n");
        File.WriteAllText(_environment["RABBITMQ_CONF_ENV_FILE"]!, string.Empty);
        File.WriteAllText(_environment["RABBITMQ_ADVANCED_CONFIG_FILE"]!, "[].\n");
        // A busy, shared disk must not make the node block publishers (its default limit is 50 MB anyway).
        File.WriteAllText(_environment["RABBITMQ_CONFIG_FILE"]!, "disk_free_limit.absolute = 50MB\n");
    }

    private async Task StartNodeAsync()
    {
        // In the foreground: the node is a child of this process (the script traps SIGTERM and stops it cleanly).
        _node = ChildProcess.Start("rabbitmq", Path.Combine(_scripts, "rabbitmq-server"), [], _environment,
            Path.Combine(_logDirectory, "rabbitmq.out"), _runMarker, _directory);
        var deadline = DateTime.UtcNow + TimeSpan.FromMinutes(3);
        while (true)
        {
            // Fails at once while the node has not registered with epmd yet: ask again while it boots.
            var ready = await CommandLine.RunAsync(Path.Combine(_scripts, "rabbitmqctl"),
                ["-n", NodeName, "await_startup", "--timeout", "120"], _environment, _runMarker, TimeSpan.FromMinutes(3), _directory);
            if (ready.Succeeded)
            {
                return;
            }

            if (_node.HasExited || DateTime.UtcNow > deadline)
            {
                throw new InvalidOperationException(
                    $"The private RabbitMQ node {NodeName} did not start:\n{ready.Output}\n{_node.LogTail(40)}");
            }

            await Task.Delay(500);
        }
    }
}

/// <param name="Ready">Messages waiting for a consumer.</param>
/// <param name="Unacknowledged">Messages delivered to a consumer and not acknowledged yet.</param>
/// <param name="Consumers">Consumers attached to the queue.</param>
public sealed record QueueCounts(long Ready, long Unacknowledged, int Consumers)
{
    public long Total => Ready + Unacknowledged;
}
