using NetArchTest.Rules;

namespace FlashPurchase.Architecture.Tests;

/// <summary>
/// The layer rules of docs/architecture.md, on the built assemblies: each both as the assembly references the compiler
/// kept (a reference exists only where a type of the other assembly is used) and, where a namespace names the
/// forbidden layer, type by type with NetArchTest.
/// </summary>
public sealed class LayerRulesTests
{
    [Fact]
    public void Domain_ReferencesNothingButTheRuntime()
    {
        Layers.NonRuntimeReferences(Layers.Domain).Should().BeEmpty("the Domain references no project and no package");

        var result = Types.InAssembly(Layers.Domain)
            .That().ResideInNamespaceStartingWith("FlashPurchase")
            .Should().OnlyHaveDependenciesOn("System", "FlashPurchase.Domain")
            .GetResult();

        result.IsSuccessful.Should().BeTrue("Domain types use only System and the Domain; these use more: {0}",
            string.Join(", ", result.Offenders()));
    }

    /// <summary>
    /// Application uses no persistence, web or messaging framework: no EF Core, no ASP.NET Core, and no MassTransit at
    /// all (not only no transport: its message contract is a plain record), nor the database and broker clients.
    /// </summary>
    [Fact]
    public void Application_ReferencesNoEfCoreAspNetCoreOrMassTransit_NorAnOuterLayer()
    {
        string[] forbidden =
        [
            "Microsoft.EntityFrameworkCore", "Microsoft.AspNetCore", "MassTransit", "RabbitMQ", "MySqlConnector",
            "Pomelo", "Microsoft.Data.Sqlite", "FlashPurchase.Infrastructure", "FlashPurchase.WebApi", "FlashPurchase.Worker",
        ];

        Layers.NonRuntimeReferences(Layers.Application)
            .Where(reference => forbidden.Any(prefix => reference.StartsWith(prefix, StringComparison.Ordinal)))
            .Should().BeEmpty("Application references none of {0}", string.Join(", ", forbidden));

        var result = Types.InAssembly(Layers.Application).ShouldNot().HaveDependencyOnAny(forbidden).GetResult();

        result.IsSuccessful.Should().BeTrue("no Application type uses {0}; these do: {1}",
            string.Join(", ", forbidden), string.Join(", ", result.Offenders()));
    }

    public static TheoryData<string> Hosts => new(Layers.Hosts.Select(host => host.GetName().Name!));

    /// <summary>
    /// A host is composition only: of the solution's assemblies it references libraries (Domain, Application,
    /// Infrastructure), never another host, so FlashPurchase.WebApi does not reference FlashPurchase.Worker and the
    /// Worker does not reference the API.
    /// </summary>
    [Theory]
    [MemberData(nameof(Hosts))]
    public void Host_ReferencesNoOtherHost(string hostName)
    {
        var host = Layers.Hosts.Single(h => h.GetName().Name == hostName);
        var otherHosts = Layers.Hosts.Where(h => h != host).Select(h => h.GetName().Name!).ToList();

        Layers.NonRuntimeReferences(host).Where(reference => reference.StartsWith("FlashPurchase.", StringComparison.Ordinal))
            .Should().NotBeEmpty("the host is composed of the libraries").And
            .BeSubsetOf(Layers.Libraries, "{0} references libraries only, no other host ({1})", hostName, string.Join(", ", otherHosts));

        var result = Types.InAssembly(host).ShouldNot().HaveDependencyOnAny([.. otherHosts]).GetResult();
        result.IsSuccessful.Should().BeTrue("no type of {0} uses a type of {1}; these do: {2}",
            hostName, string.Join(", ", otherHosts), string.Join(", ", result.Offenders()));
    }

    /// <summary>Controllers send commands; they never reach the database themselves (no DbContext, no repository).</summary>
    [Fact]
    public void Controllers_TouchNoDbContext()
    {
        Layers.Controllers.Should().NotBeEmpty().And.OnlyContain(c => c.Namespace == "FlashPurchase.WebApi.Controllers",
            "every controller lives in the namespace the rule below covers");

        var result = Types.InAssembly(Layers.WebApi)
            .That().ResideInNamespace("FlashPurchase.WebApi.Controllers")
            .ShouldNot().HaveDependencyOnAny("Microsoft.EntityFrameworkCore", "FlashPurchase.Infrastructure.Persistence")
            .GetResult();

        result.IsSuccessful.Should().BeTrue("controllers use no EF Core type and nothing of Infrastructure.Persistence " +
            "(FlashPurchaseDbContext, repositories); these do: {0}", string.Join(", ", result.Offenders()));
    }

    [Fact]
    public void TheRulesSeeTheSolution()
    {
        // The assemblies above are the projects' build output, not a stale copy: each holds the types the rules name.
        foreach (var assembly in new[] { Layers.Domain, Layers.Application, Layers.Infrastructure, Layers.WebApi, Layers.Worker })
        {
            Types.InAssembly(assembly).GetTypes().Should().NotBeEmpty("{0} has types", assembly.GetName().Name);
        }

        Layers.Worker.EntryPoint.Should().NotBeNull("the Worker is a host (an executable)");
        Layers.WebApi.EntryPoint.Should().NotBeNull("the API is a host (an executable)");
        new[] { Layers.Domain, Layers.Application, Layers.Infrastructure }.Should().OnlyContain(a => a.EntryPoint == null,
            "the libraries are not hosts");
    }
}
