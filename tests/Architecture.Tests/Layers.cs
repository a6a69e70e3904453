using System.Reflection;
using System.Runtime.InteropServices;
using Microsoft.AspNetCore.Mvc;
using NetArchTest.Rules;

namespace FlashPurchase.Architecture.Tests;

/// <summary>The projects of the solution as built assemblies, and what counts as "the runtime".</summary>
internal static class Layers
{
    public static readonly Assembly Domain = typeof(FlashPurchase.Domain.Sales.Sale).Assembly;

    public static readonly Assembly Application = typeof(FlashPurchase.Application.DependencyInjection).Assembly;

    public static readonly Assembly Infrastructure = typeof(FlashPurchase.Infrastructure.DependencyInjection).Assembly;

    public static readonly Assembly WebApi = typeof(FlashPurchase.WebApi.DependencyInjection).Assembly;

    /// <summary>The Worker has no type of its own to name (its Program is top-level statements): loaded by name.</summary>
    public static readonly Assembly Worker = Assembly.Load("FlashPurchase.Worker");

    public static IReadOnlyList<Assembly> Hosts { get; } = [WebApi, Worker];

    /// <summary>The libraries a host may reference: the solution's projects that are not hosts.</summary>
    public static IReadOnlyList<string> Libraries { get; } =
        [Domain.GetName().Name!, Application.GetName().Name!, Infrastructure.GetName().Name!];

    /// <summary>
    /// The assemblies <paramref name="assembly"/> references that are not part of the .NET runtime itself
    /// (Microsoft.NETCore.App): project and package references that the compiler kept because a type is used.
    /// </summary>
    public static IReadOnlyList<string> NonRuntimeReferences(Assembly assembly) =>
        assembly.GetReferencedAssemblies()
            .Where(reference => !IsRuntimeAssembly(reference))
            .Select(reference => reference.Name!)
            .Order()
            .ToList();

    private static readonly string RuntimeDirectory = Path.TrimEndingDirectorySeparator(RuntimeEnvironment.GetRuntimeDirectory());

    private static bool IsRuntimeAssembly(AssemblyName reference)
    {
        var loaded = Assembly.Load(reference);
        return Path.GetDirectoryName(loaded.Location) == RuntimeDirectory;
    }

    /// <summary>Controllers: every MVC controller of the API (found by reflection, so none escapes the rule by its namespace).</summary>
    public static IReadOnlyList<Type> Controllers { get; } = WebApi.GetTypes()
        .Where(type => typeof(ControllerBase).IsAssignableFrom(type) && !type.IsAbstract)
        .ToList();

    /// <summary>The names of the types that broke a NetArchTest rule, for the failure message.</summary>
    public static IReadOnlyList<string> Offenders(this TestResult result) =>
        result.FailingTypeNames?.ToList() ?? [];
}
