using System.Security.Cryptography;
using FlashPurchase.Application;
using FlashPurchase.Application.Abstractions;
using FlashPurchase.Application.Queue.ConvertQueueTokens;
using FlashPurchase.Infrastructure;
using FlashPurchase.Infrastructure.Telemetry;
using FlashPurchase.TestSupport;
using Mediator;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Hosting;
using MySqlConnector;

namespace FlashPurchase.WebApi.FunctionalTests.Hosting;

/// <summary>
/// The real stack: a throwaway MariaDB database and RabbitMQ vhost of its own; the API only sends, and the Worker
/// consumes in a host of its own (in this process), which tests may stop and start. With <paramref name="useKestrel"/>
/// the API runs behind real Kestrel (its request limits apply, requests cross a socket) instead of the test server.
/// </summary>
public class RealStackApp(
    IReadOnlyDictionary<string, string?>? overrides = null, bool startWorker = true, bool useKestrel = false)
    : TestApp(overrides, useKestrel)
{
    private readonly SemaphoreSlim _workerLock = new(1, 1);
    private ThrowawayDatabase? _database;
    private ThrowawayVhost? _vhost;
    private IHost? _worker;

    // The Worker host runs in the Production environment (Host.CreateApplicationBuilder's default), which refuses the
    // development key: both hosts get a key of this app's own.
    private readonly string _signingKey = Convert.ToBase64String(RandomNumberGenerator.GetBytes(48));

    private readonly string _purchaseSigningKey = TestSupport.PurchaseSigningKey.NewPem();

    public override string SigningKey => _signingKey;

    public override string PurchaseSigningKey => _purchaseSigningKey;

    public override bool HasSeparateWorker => true;

    public ThrowawayDatabase ThrowawayDatabase => _database ?? throw new InvalidOperationException("Not initialized.");

    public ThrowawayVhost Vhost => _vhost ?? throw new InvalidOperationException("Not initialized.");

    public override IDatabaseProbe Database => new MySqlProbe(ThrowawayDatabase);

    public bool WorkerIsRunning => _worker is not null;

    /// <summary>Every batch of queue tokens the Worker hosts of this app tried to convert (retries included).</summary>
    public WorkerConversionLog WorkerConversions { get; } = new();

    protected override async Task<IReadOnlyDictionary<string, string?>> PrepareStackAsync()
    {
        _database = await ThrowawayDatabase.CreateAsync();
        _vhost = await ThrowawayVhost.CreateAsync();
        return new Dictionary<string, string?>
        {
            ["Database:Provider"] = "MySql",
            ["Database:ServerVersion"] = TestServers.MySqlServerVersion,
            ["ConnectionStrings:Database"] = AppConnectionString(_database),
            ["Messaging:Transport"] = "RabbitMq",
            ["ConnectionStrings:RabbitMq"] = _vhost.AmqpUri,
            ["Tokens:SigningKey"] = _signingKey,
            ["Tokens:PurchaseSigningKey"] = _purchaseSigningKey,
        };
    }

    /// <summary>
    /// The throwaway database's connection string with a pool small enough for the server: ThrowawayDatabase allows
    /// 200 connections, MariaDB's default max_connections is 151, and fixtures (and other test projects) share it.
    /// The API and Worker hosts of this app share this one pool.
    /// </summary>
    private static string AppConnectionString(ThrowawayDatabase database) =>
        new MySqlConnectionStringBuilder(database.ConnectionString) { MaximumPoolSize = MaximumPoolSize }.ConnectionString;

    public const int MaximumPoolSize = 40;

    protected override async Task AfterApiStartedAsync()
    {
        if (startWorker)
        {
            await StartWorkerAsync();
        }
    }

    public override async Task StartWorkerAsync()
    {
        await _workerLock.WaitAsync();
        try
        {
            if (_worker is not null)
            {
                return;
            }

            // What src/Worker/Program.cs composes, with this app's settings and clock.
            var builder = Host.CreateApplicationBuilder();
            builder.Configuration.AddInMemoryCollection(Settings);
            builder.Services.AddApplication();
            builder.Services.AddInfrastructure(builder.Configuration, builder.Environment, setup => setup.RunQueueWorker = true);
            builder.Services.AddTelemetry(builder.Configuration, TelemetryHost.Worker);
            builder.Services.RemoveAll<TimeProvider>();
            builder.Services.AddSingleton<TimeProvider>(Clock);
            builder.Services.AddSingleton(WorkerConversions);
            builder.Services.AddScoped<IPipelineBehavior<ConvertQueueTokensCommand, Result<ConversionReport>>, WorkerConversionLog.Recorder>();
            var worker = builder.Build();
            try
            {
                await worker.StartAsync();
            }
            catch
            {
                worker.Dispose();
                throw;
            }

            _worker = worker;
        }
        finally
        {
            _workerLock.Release();
        }
    }

    public override async Task StopWorkerAsync()
    {
        await _workerLock.WaitAsync();
        try
        {
            if (_worker is { } worker)
            {
                _worker = null;
                await worker.StopAsync();
                worker.Dispose();
            }
        }
        finally
        {
            _workerLock.Release();
        }
    }

    protected override async ValueTask DisposeStackAsync()
    {
        try
        {
            await StopWorkerAsync();
        }
        finally
        {
            if (_vhost is not null)
            {
                await _vhost.DisposeAsync();
            }

            if (_database is not null)
            {
                await _database.DisposeAsync();
            }
        }
    }
}
