using System.Globalization;

namespace FlashPurchase.FaultTests.Stack;

/// <summary>
/// A <c>redis-server</c> of one test's own: a child process on a free port of 127.0.0.1, keeping nothing on disk. The
/// test stops it (SIGTERM) and starts it again on the same port, which the Redis of scripts/ensure-services.sh, shared
/// with the other test projects, must never suffer. Read and written through <c>redis-cli</c>.
/// </summary>
public sealed class PrivateRedis : IAsyncDisposable
{
    private readonly string _server;
    private readonly string _client;
    private readonly string _directory;
    private readonly string _runMarker;
    private ChildProcess? _process;
    private int _starts;

    private PrivateRedis(string server, string client, string directory, string runMarker)
    {
        _server = server;
        _client = client;
        _directory = directory;
        _runMarker = runMarker;
        Port = FreePorts.Next();
    }

    public int Port { get; }

    /// <summary>What <c>ConnectionStrings__Redis</c> takes.</summary>
    public string ConnectionString => $"127.0.0.1:{Port}";

    public bool IsRunning => _process is { HasExited: false };

    public string LogPath => Path.Combine(_directory, "redis.log");

    /// <param name="directory">Its working directory and log (a test's log directory will do: it writes nothing else).</param>
    public static async Task<PrivateRedis> StartAsync(string directory, string runMarker)
    {
        var server = CommandLine.Find("redis-server");
        var client = CommandLine.Find("redis-cli");
        if (server is null || client is null)
        {
            throw new InvalidOperationException(
                "The shared rate limit fault test starts a Redis of its own and needs redis-server and redis-cli " +
                "(Debian: apt-get install redis-server; scripts/ensure-services.sh installs it when run as root).");
        }

        Directory.CreateDirectory(directory);
        var redis = new PrivateRedis(server, client, directory, runMarker);
        await redis.StartServerAsync();
        return redis;
    }

    /// <summary>Starts <c>redis-server</c> (empty: nothing was saved) and waits until it answers PING.</summary>
    public async Task StartServerAsync()
    {
        if (IsRunning)
        {
            return;
        }

        _starts++;
        _process = ChildProcess.Start($"redis#{_starts}", _server,
            ["--port", Port.ToString(CultureInfo.InvariantCulture), "--bind", "127.0.0.1",
             "--save", "", "--appendonly", "no", "--dir", _directory],
            new Dictionary<string, string?>(), LogPath, _runMarker, _directory);

        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(20);
        while (await CommandAsync("PING") != "PONG")
        {
            if (_process.HasExited || DateTime.UtcNow > deadline)
            {
                throw new InvalidOperationException($"The private Redis did not come up on port {Port}.\n{_process.LogTail()}");
            }

            await Task.Delay(100);
        }
    }

    /// <summary>Stops the server the way an operator does (SIGTERM: it closes every client's connection) and waits.</summary>
    public async Task StopServerAsync()
    {
        if (_process is { } process)
        {
            _process = null;
            await process.StopAsync(TimeSpan.FromSeconds(20));
            await process.DisposeAsync();
        }
    }

    /// <summary>
    /// SIGSTOP: the server keeps its port and connections but answers nothing, as a hung or partitioned Redis does
    /// (clients wait until their own timeout); <see cref="ResumeAsync"/> lets it go on.
    /// </summary>
    public Task FreezeAsync() => SignalAsync("-STOP");

    public Task ResumeAsync() => SignalAsync("-CONT");

    private async Task SignalAsync(string signal)
    {
        var process = _process ?? throw new InvalidOperationException("The private Redis is not running.");
        await CommandLine.RunCheckedAsync("kill", [signal, process.Id.ToString(CultureInfo.InvariantCulture)],
            new Dictionary<string, string?>(), _runMarker, TimeSpan.FromSeconds(10), _directory);
    }

    /// <summary>One command through <c>redis-cli</c>: its output, trimmed (empty when the server does not answer).</summary>
    public async Task<string> CommandAsync(params string[] command)
    {
        var outcome = await CommandLine.RunAsync(_client, ["-h", "127.0.0.1", "-p", Port.ToString(CultureInfo.InvariantCulture), .. command],
            new Dictionary<string, string?>(), _runMarker, TimeSpan.FromSeconds(10), _directory);
        return outcome.ExitCode == 0 ? outcome.Output.Trim() : string.Empty;
    }

    public async ValueTask DisposeAsync()
    {
        if (IsRunning)
        {
            await ResumeAsync(); // a frozen server cannot act on SIGTERM
        }

        await StopServerAsync();
    }
}
