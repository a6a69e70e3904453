using System.Diagnostics;
using System.Text;

namespace FlashPurchase.FaultTests.Stack;

/// <summary>Runs a short command (rabbitmqctl, mariadb-install-db) to its end and returns what it printed.</summary>
public static class CommandLine
{
    public sealed record Outcome(int ExitCode, string Output)
    {
        public bool Succeeded => ExitCode == 0;
    }

    public static async Task<Outcome> RunAsync(
        string fileName, IEnumerable<string> arguments, IReadOnlyDictionary<string, string?> environment, string runMarker,
        TimeSpan timeout, string? workingDirectory = null)
    {
        var start = new ProcessStartInfo(fileName)
        {
            UseShellExecute = false,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            RedirectStandardInput = true,
            WorkingDirectory = workingDirectory ?? Environment.CurrentDirectory,
        };
        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        ChildProcess.ApplyEnvironment(start, environment, runMarker);
        using var process = Process.Start(start) ?? throw new InvalidOperationException($"Could not start {fileName}.");
        process.StandardInput.Close();
        var output = new StringBuilder();
        var stdout = PumpAsync(process.StandardOutput, output);
        var stderr = PumpAsync(process.StandardError, output);
        using var cancel = new CancellationTokenSource(timeout);
        try
        {
            await process.WaitForExitAsync(cancel.Token);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            await process.WaitForExitAsync();
            await Task.WhenAll(stdout, stderr);
            return new Outcome(-1, $"timed out after {timeout.TotalSeconds:F0} s: {fileName} {string.Join(' ', start.ArgumentList)}\n{output}");
        }

        await Task.WhenAll(stdout, stderr);
        return new Outcome(process.ExitCode, output.ToString());
    }

    /// <summary>Runs the command and throws, with its output, unless it succeeds.</summary>
    public static async Task<string> RunCheckedAsync(
        string fileName, IEnumerable<string> arguments, IReadOnlyDictionary<string, string?> environment, string runMarker,
        TimeSpan timeout, string? workingDirectory = null)
    {
        var list = arguments.ToList();
        var outcome = await RunAsync(fileName, list, environment, runMarker, timeout, workingDirectory);
        return outcome.Succeeded
            ? outcome.Output
            : throw new InvalidOperationException(
                $"'{fileName} {string.Join(' ', list)}' failed with exit code {outcome.ExitCode}:\n{outcome.Output}");
    }

    /// <summary>The first of <paramref name="names"/> found on PATH or in the sbin directories root's PATH may lack.</summary>
    public static string? Find(params string[] names)
    {
        var directories = (Environment.GetEnvironmentVariable("PATH") ?? string.Empty)
            .Split(':', StringSplitOptions.RemoveEmptyEntries)
            .Concat(["/usr/local/sbin", "/usr/sbin", "/sbin", "/usr/local/bin", "/usr/bin", "/bin"])
            .Distinct();
        return names.SelectMany(name => directories.Select(directory => Path.Combine(directory, name)))
            .FirstOrDefault(File.Exists);
    }

    private static async Task PumpAsync(StreamReader reader, StringBuilder into)
    {
        while (await reader.ReadLineAsync() is { } line)
        {
            lock (into)
            {
                into.AppendLine(line);
            }
        }
    }
}
