namespace FlashPurchase.FaultTests.Stack;

/// <summary>Where the fault tests keep the servers' data (a temporary directory) and every log (under TestResults).</summary>
public static class RunDirectories
{
    /// <summary>The repository: the directory above the test assembly that holds FlashPurchase.sln.</summary>
    public static string Repository { get; } = FindRepository();

    /// <summary>
    /// TestResults/faults/&lt;time&gt;: scripts/test.sh's results directory (FLASHPURCHASE_TEST_RESULTS_DIR, else the
    /// repository's TestResults), so that the logs of a failed run sit next to its TRX files.
    /// </summary>
    public static string CreateLogDirectory()
    {
        var results = Environment.GetEnvironmentVariable("FLASHPURCHASE_TEST_RESULTS_DIR") is { Length: > 0 } given
            ? Path.GetFullPath(given)
            : Path.Combine(Repository, "TestResults");
        var directory = Path.Combine(results, "faults", $"{DateTime.UtcNow:yyyyMMddTHHmmss}-{Environment.ProcessId}");
        Directory.CreateDirectory(directory);
        return directory;
    }

    /// <summary>
    /// A fresh directory for server data. Short (a MariaDB socket path must fit in 107 bytes) and under /tmp, with
    /// the prefix <see cref="ProcessJanitor"/> looks for.
    /// </summary>
    public static string CreateDataDirectory()
    {
        var directory = Path.Combine(Path.GetTempPath(), $"{ProcessJanitor.DataDirectoryPrefix}{Guid.NewGuid():N}"[..24]);
        Directory.CreateDirectory(directory);
        File.WriteAllText(Path.Combine(directory, ProcessJanitor.OwnerFile), ProcessJanitor.Describe(Environment.ProcessId));
        return directory;
    }

    private static string FindRepository()
    {
        for (var directory = new DirectoryInfo(AppContext.BaseDirectory); directory is not null; directory = directory.Parent)
        {
            if (File.Exists(Path.Combine(directory.FullName, "FlashPurchase.sln")))
            {
                return directory.FullName;
            }
        }

        throw new InvalidOperationException($"No FlashPurchase.sln above {AppContext.BaseDirectory}.");
    }
}
