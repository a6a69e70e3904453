using System.Diagnostics;
using System.Text;

namespace FlashPurchase.WebApi.FunctionalTests.Hosting;

/// <summary>
/// The build output of src/WebApi or src/Worker (same configuration and target framework as this test assembly) run
/// as an operator runs it, to its exit: for what only a process shows, such as its exit code and what it prints.
/// </summary>
public static class BuiltProcess
{
    public sealed record Outcome(int ExitCode, string Output);

    public static async Task<Outcome> RunAsync(
        string project, IReadOnlyList<string> arguments, IReadOnlyDictionary<string, string> environment, TimeSpan timeout)
    {
        var dll = Find(project);
        var host = Environment.GetEnvironmentVariable("DOTNET_HOST_PATH") is { Length: > 0 } path && File.Exists(path) ? path : "dotnet";
        var start = new ProcessStartInfo(host)
        {
            UseShellExecute = false,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            WorkingDirectory = Path.GetDirectoryName(dll)!,
        };
        start.ArgumentList.Add(dll);
        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        // Only the given settings: none of the developer's exported ones (ConnectionStrings__Database...).
        foreach (var key in start.Environment.Keys.Where(k => k.Contains("__", StringComparison.Ordinal)
                     || k.StartsWith("ASPNETCORE_", StringComparison.OrdinalIgnoreCase)
                     || k.StartsWith("DOTNET_ENVIRONMENT", StringComparison.OrdinalIgnoreCase)).ToList())
        {
            start.Environment.Remove(key);
        }

        foreach (var (key, value) in environment)
        {
            start.Environment[key] = value;
        }

        using var process = Process.Start(start) ?? throw new InvalidOperationException($"Could not start {dll}.");
        var output = new StringBuilder();
        var pumps = Task.WhenAll(PumpAsync(process.StandardOutput, output), PumpAsync(process.StandardError, output));
        using var cancel = new CancellationTokenSource(timeout);
        try
        {
            await process.WaitForExitAsync(cancel.Token);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            await process.WaitForExitAsync();
            await pumps;
            throw new TimeoutException($"{dll} {string.Join(' ', arguments)} did not exit within {timeout}:\n{output}");
        }

        await pumps;
        return new Outcome(process.ExitCode, output.ToString());
    }

    private static string Find(string project)
    {
        var output = new DirectoryInfo(AppContext.BaseDirectory.TrimEnd(Path.DirectorySeparatorChar));
        var configuration = output.Parent!.Name;
        for (var directory = output; directory is not null; directory = directory.Parent)
        {
            if (File.Exists(Path.Combine(directory.FullName, "FlashPurchase.sln")))
            {
                var dll = Path.Combine(directory.FullName, "src", project, "bin", configuration, output.Name, $"FlashPurchase.{project}.dll");
                return File.Exists(dll) ? dll : throw new InvalidOperationException($"{dll} does not exist: build the solution first.");
            }
        }

        throw new InvalidOperationException($"No FlashPurchase.sln above {AppContext.BaseDirectory}.");
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
