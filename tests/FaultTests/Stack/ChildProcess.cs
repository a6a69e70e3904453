using System.Diagnostics;
using System.Runtime.InteropServices;

namespace FlashPurchase.FaultTests.Stack;

/// <summary>
/// A long-running process these tests started (a server, the API, a Worker), its output appended to a log file. Every
/// one carries <see cref="RunMarker"/> in its environment, so that whatever it leaves behind (RabbitMQ's epmd, a
/// process orphaned by a crashed test host) can be found and ended by id.
/// </summary>
public sealed class ChildProcess : IAsyncDisposable
{
    public const string RunMarker = "FLASHPURCHASE_FAULT_RUN";

    private const int SigTerm = 15;

    private readonly Process _process;

    private ChildProcess(string name, Process process, string logPath)
    {
        Name = name;
        _process = process;
        LogPath = logPath;
    }

    public string Name { get; }

    public int Id => _process.Id;

    public string LogPath { get; }

    public bool HasExited => _process.HasExited;

    /// <summary>The exit code once the process has exited (0 after a graceful stop), else null.</summary>
    public int? ExitCode => _process.HasExited ? _process.ExitCode : null;

    /// <summary>SIGTERM, and nothing more: the process stops gracefully, in its own time.</summary>
    public void Terminate()
    {
        if (!_process.HasExited)
        {
            _ = SendSignal(_process.Id, SigTerm);
        }
    }

    /// <summary>
    /// Starts <paramref name="fileName"/> through <c>sh -c 'exec ...'</c>: the shell redirects the output to the log
    /// file and then becomes the program, so the process id is the program's and nothing in the test host has to pump
    /// its output (the log survives even if the test host dies).
    /// </summary>
    public static ChildProcess Start(
        string name, string fileName, IEnumerable<string> arguments, IReadOnlyDictionary<string, string?> environment,
        string logPath, string runMarker, string? workingDirectory = null)
    {
        Directory.CreateDirectory(Path.GetDirectoryName(logPath)!);
        var start = new ProcessStartInfo("/bin/sh")
        {
            UseShellExecute = false,
            WorkingDirectory = workingDirectory ?? Environment.CurrentDirectory,
        };
        start.ArgumentList.Add("-c");
        start.ArgumentList.Add("exec \"$0\" \"$@\" >>\"$FLASHPURCHASE_FAULT_LOG\" 2>&1 </dev/null");
        start.ArgumentList.Add(fileName);
        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        ApplyEnvironment(start, environment, runMarker);
        start.Environment["FLASHPURCHASE_FAULT_LOG"] = logPath;

        File.AppendAllText(logPath, $"---- {DateTime.UtcNow:O} {name}: {fileName} {string.Join(' ', start.ArgumentList.Skip(3))}{Environment.NewLine}");
        var process = Process.Start(start) ?? throw new InvalidOperationException($"Could not start {fileName}.");
        return new ChildProcess(name, process, logPath);
    }

    /// <summary>
    /// The child's environment: the test host's, minus anything that would configure a .NET host, MariaDB or Erlang
    /// behind the test's back (a developer's exported ConnectionStrings__Database, ASPNETCORE_URLS...), plus
    /// <paramref name="environment"/> and the run marker.
    /// </summary>
    public static void ApplyEnvironment(ProcessStartInfo start, IReadOnlyDictionary<string, string?> environment, string runMarker)
    {
        string[] foreignPrefixes = ["ASPNETCORE_", "DOTNET_ENVIRONMENT", "DOTNET_URLS", "RABBITMQ_", "ERL_", "MYSQL_", "MARIADB_"];
        foreach (var key in start.Environment.Keys.ToList())
        {
            if (key.Contains("__", StringComparison.Ordinal)
                || foreignPrefixes.Any(prefix => key.StartsWith(prefix, StringComparison.OrdinalIgnoreCase)))
            {
                start.Environment.Remove(key);
            }
        }

        foreach (var (key, value) in environment)
        {
            start.Environment[key] = value;
        }

        start.Environment[RunMarker] = runMarker;
    }

    /// <summary>SIGKILL: the process gets no chance to finish anything (no graceful shutdown, no acks, no commits).</summary>
    public async Task KillAsync()
    {
        if (!_process.HasExited)
        {
            try
            {
                _process.Kill(entireProcessTree: true);
            }
            catch (InvalidOperationException)
            {
                // It exited in between.
            }
        }

        await WaitForExitAsync(TimeSpan.FromSeconds(30));
    }

    /// <summary>SIGTERM, then SIGKILL if it has not exited within <paramref name="grace"/>.</summary>
    public async Task StopAsync(TimeSpan grace)
    {
        if (!_process.HasExited)
        {
            _ = SendSignal(_process.Id, SigTerm);
            if (await WaitForExitAsync(grace))
            {
                return;
            }
        }

        await KillAsync();
    }

    public async Task<bool> WaitForExitAsync(TimeSpan timeout)
    {
        using var cancel = new CancellationTokenSource(timeout);
        try
        {
            await _process.WaitForExitAsync(cancel.Token);
            return true;
        }
        catch (OperationCanceledException)
        {
            return _process.HasExited;
        }
    }

    /// <summary>The last lines of the log, for failure messages.</summary>
    public string LogTail(int lines = 40) => LogFiles.Tail(LogPath, lines);

    public override string ToString() => $"{Name} (pid {_process.Id}, log {LogPath})";

    public async ValueTask DisposeAsync()
    {
        await KillAsync();
        _process.Dispose();
    }

    [DllImport("libc", EntryPoint = "kill", SetLastError = true)]
    private static extern int SendSignal(int pid, int signal);
}

public static class LogFiles
{
    public static string Tail(string path, int lines)
    {
        try
        {
            using var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete);
            using var reader = new StreamReader(stream);
            var all = reader.ReadToEnd().Split('\n');
            return string.Join('\n', all.TakeLast(lines));
        }
        catch (IOException e)
        {
            return $"(cannot read {path}: {e.Message})";
        }
    }
}
