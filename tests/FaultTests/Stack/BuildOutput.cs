namespace FlashPurchase.FaultTests.Stack;

/// <summary>
/// The API and Worker builds these tests start: src/WebApi and src/Worker's output for the configuration and target
/// framework this test assembly was built with (read from its own path, bin/&lt;configuration&gt;/&lt;tfm&gt;/), so a
/// Release test run starts Release processes. The project references them (without their assemblies) so that
/// building the tests builds them first.
/// </summary>
public static class BuildOutput
{
    public static string WebApiDll { get; } = Find("WebApi", "FlashPurchase.WebApi.dll");

    public static string WorkerDll { get; } = Find("Worker", "FlashPurchase.Worker.dll");

    /// <summary>The dotnet host running these tests (so children use the same runtime), else dotnet on PATH.</summary>
    public static string DotnetHost { get; } =
        Environment.GetEnvironmentVariable("DOTNET_HOST_PATH") is { Length: > 0 } host && File.Exists(host) ? host
        : Environment.ProcessPath is { } path && Path.GetFileNameWithoutExtension(path) == "dotnet" ? path
        : "dotnet";

    private static string Find(string project, string assembly)
    {
        var output = new DirectoryInfo(AppContext.BaseDirectory.TrimEnd(Path.DirectorySeparatorChar));
        var targetFramework = output.Name;
        var configuration = output.Parent?.Name
            ?? throw new InvalidOperationException($"Unexpected test output directory {AppContext.BaseDirectory}.");
        var path = Path.Combine(RunDirectories.Repository, "src", project, "bin", configuration, targetFramework, assembly);
        return File.Exists(path)
            ? path
            : throw new InvalidOperationException(
                $"{path} does not exist: build the solution (dotnet build FlashPurchase.sln -c {configuration}) before the fault tests.");
    }
}
