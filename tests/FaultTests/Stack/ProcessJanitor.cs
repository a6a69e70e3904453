namespace FlashPurchase.FaultTests.Stack;

/// <summary>
/// Ends the processes a fault-test run leaves behind, by id, and only those: a process is ours when its environment
/// carries <see cref="ChildProcess.RunMarker"/> with our data directory. At the end of a run this catches what lives
/// outside the process trees we kill (RabbitMQ's epmd daemon); at the start of the next, what a crashed or killed
/// test host orphaned (its data directory names a test host that no longer runs).
/// </summary>
public static class ProcessJanitor
{
    public const string DataDirectoryPrefix = "fpfault-";
    public const string OwnerFile = "owner";

    /// <summary>"pid starttime": a process id alone could have been reused by another process since.</summary>
    public static string Describe(int pid) => $"{pid} {StartTime(pid)}";

    public static void EndProcessesOf(string dataDirectory)
    {
        var marker = $"{ChildProcess.RunMarker}={dataDirectory}";
        foreach (var pid in MarkedProcesses(marker))
        {
            try
            {
                using var process = System.Diagnostics.Process.GetProcessById(pid);
                process.Kill(entireProcessTree: true);
                process.WaitForExit(10_000);
            }
            catch (Exception e) when (e is ArgumentException or InvalidOperationException or System.ComponentModel.Win32Exception)
            {
                // Gone already, or not ours to end after all.
            }
        }
    }

    /// <summary>Ends the processes of earlier runs whose test host is gone, and removes their data directories.</summary>
    public static void CleanUpAbandonedRuns()
    {
        foreach (var directory in Directory.EnumerateDirectories(Path.GetTempPath(), DataDirectoryPrefix + "*"))
        {
            var owner = Path.Combine(directory, OwnerFile);
            string recorded;
            try
            {
                recorded = File.ReadAllText(owner).Trim();
            }
            catch (IOException)
            {
                continue;
            }

            var pid = int.TryParse(recorded.Split(' ')[0], out var parsed) ? parsed : -1;
            if (pid > 0 && Describe(pid) == recorded)
            {
                continue; // Its test host still runs (a concurrent run of these tests): not abandoned.
            }

            EndProcessesOf(directory);
            try
            {
                Directory.Delete(directory, recursive: true);
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException)
            {
                // Best effort.
            }
        }
    }

    private static IEnumerable<int> MarkedProcesses(string marker)
    {
        foreach (var entry in Directory.EnumerateDirectories("/proc"))
        {
            if (!int.TryParse(Path.GetFileName(entry), out var pid) || pid == Environment.ProcessId)
            {
                continue;
            }

            string environment;
            try
            {
                environment = File.ReadAllText(Path.Combine(entry, "environ"));
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException)
            {
                continue;
            }

            if (environment.Split('\0').Contains(marker, StringComparer.Ordinal))
            {
                yield return pid;
            }
        }
    }

    private static string StartTime(int pid)
    {
        try
        {
            // Field 22 of /proc/<pid>/stat, counted after the command name (which may hold spaces) in parentheses.
            var stat = File.ReadAllText($"/proc/{pid}/stat");
            var fields = stat[(stat.LastIndexOf(')') + 2)..].Split(' ');
            return fields[19];
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or IndexOutOfRangeException)
        {
            return "gone";
        }
    }
}
