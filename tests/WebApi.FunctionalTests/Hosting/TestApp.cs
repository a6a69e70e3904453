using FlashPurchase.Infrastructure.Tokens;
using FlashPurchase.WebApi.FunctionalTests.Client;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;

namespace FlashPurchase.WebApi.FunctionalTests.Hosting;

/// <summary>
/// One running FlashPurchase API (and, on the real stack, its Worker) with a database and broker of its own.
/// Subclasses say which stack; as an xunit class fixture it starts before the class's first test and is disposed
/// after its last.
/// </summary>
public abstract class TestApp : IAsyncLifetime, IAsyncDisposable
{
    private readonly IReadOnlyDictionary<string, string?> _overrides;
    private readonly bool _useKestrel;
    private readonly string _environment;
    private int _disposed;

    protected TestApp(IReadOnlyDictionary<string, string?>? overrides, bool useKestrel, string environment = "Development")
    {
        _overrides = overrides ?? new Dictionary<string, string?>();
        _useKestrel = useKestrel;
        _environment = environment;
    }

    /// <summary>
    /// Settings every test app shares: fast password hashing, quiet logs, and no rate limits (hundreds of shoppers
    /// register and race from one address; the rate limit tests turn small limits on).
    /// </summary>
    public static IReadOnlyDictionary<string, string?> CommonSettings { get; } = new Dictionary<string, string?>
    {
        ["Passwords:HashIterations"] = "1000",
        ["RateLimiting:Enabled"] = "false",
        ["Logging:LogLevel:Default"] = "Warning",
        ["Logging:LogLevel:Microsoft.AspNetCore"] = "Warning",
        ["Logging:LogLevel:MassTransit"] = "Warning",
    };

    /// <summary>
    /// The app's clock (the API's and, on the real stack, the Worker's): it starts at the wall clock's time and moves
    /// only when a test moves it, so expiries and sale windows pass without sleeping. Access tokens are signed with it
    /// and checked by JwtBearer against the wall clock; starting at the real time keeps them valid.
    /// </summary>
    public FakeTimeProvider Clock { get; } = new(DateTimeOffset.UtcNow);

    public FlashPurchaseFactory Factory { get; private set; } = null!;

    public FlashPurchaseClient Api { get; private set; } = null!;

    public abstract IDatabaseProbe Database { get; }

    /// <summary>The key the app signs tokens with (tests forge tokens with it and with others).</summary>
    public virtual string SigningKey => TokenOptions.DevelopmentSigningKey;

    /// <summary>The P-256 private key (PEM) the app signs purchase tokens with.</summary>
    public virtual string PurchaseSigningKey => TokenOptions.DevelopmentPurchaseSigningKey;

    /// <summary>True on the real stack: the queue worker runs in a host of its own, which the tests start and stop.</summary>
    public virtual bool HasSeparateWorker => false;

    public IReadOnlyDictionary<string, string?> Settings { get; private set; } = null!;

    public async Task InitializeAsync()
    {
        var stack = await PrepareStackAsync();
        Settings = CommonSettings.Concat(stack).Concat(_overrides)
            .GroupBy(pair => pair.Key).ToDictionary(group => group.Key, group => group.Last().Value);

        Factory = new FlashPurchaseFactory(Settings, Clock, _environment, ConfigureApiServices);
        if (_useKestrel)
        {
            Factory.UseKestrel(0);
        }

        // Off the xunit synchronisation context: the factory starts the host synchronously (sync over async).
        var http = await Task.Run(() => _useKestrel ? CreateKestrelClient() : Factory.CreateClient(
            new Microsoft.AspNetCore.Mvc.Testing.WebApplicationFactoryClientOptions { AllowAutoRedirect = false }));
        Api = new FlashPurchaseClient(http);
        await AfterApiStartedAsync();
    }

    /// <summary>A real HTTP client to the Kestrel server the factory started on a free port.</summary>
    private HttpClient CreateKestrelClient()
    {
        Factory.StartServer();
        var address = Factory.Services.GetRequiredService<IServer>().Features.GetRequiredFeature<IServerAddressesFeature>()
            .Addresses.First();
        return new HttpClient(new SocketsHttpHandler { AllowAutoRedirect = false }) { BaseAddress = new Uri(address) };
    }

    /// <summary>Creates the database (and broker) of this app; returns the settings that point the hosts at them.</summary>
    protected abstract Task<IReadOnlyDictionary<string, string?>> PrepareStackAsync();

    protected virtual Task AfterApiStartedAsync() => Task.CompletedTask;

    /// <summary>Services of the test's own for the API host, after the app's (an exporter to read, a fake...).</summary>
    protected virtual void ConfigureApiServices(IServiceCollection services)
    {
    }

    public virtual Task StartWorkerAsync() => Task.CompletedTask;

    public virtual Task StopWorkerAsync() =>
        throw new NotSupportedException("The embedded queue worker runs inside the API process; it cannot be stopped alone.");

    protected abstract ValueTask DisposeStackAsync();

    public async Task DisposeAsync() => await ((IAsyncDisposable)this).DisposeAsync();

    async ValueTask IAsyncDisposable.DisposeAsync()
    {
        if (Interlocked.Exchange(ref _disposed, 1) != 0)
        {
            return;
        }

        try
        {
            Api?.Dispose();
            if (Factory is not null)
            {
                await Factory.DisposeAsync();
            }
        }
        finally
        {
            await DisposeStackAsync();
        }

        GC.SuppressFinalize(this);
    }
}
