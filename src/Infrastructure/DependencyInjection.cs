using System.Text;
using FlashPurchase.Application.Abstractions;
using FlashPurchase.Application.Shop.PlaceOrder;
using FlashPurchase.Infrastructure.Admissions;
using FlashPurchase.Infrastructure.Health;
using FlashPurchase.Infrastructure.Messaging;
using FlashPurchase.Infrastructure.Messaging.Consumers;
using FlashPurchase.Infrastructure.Messaging.Outbox;
using FlashPurchase.Infrastructure.Persistence;
using FlashPurchase.Infrastructure.Persistence.Repositories;
using FlashPurchase.Infrastructure.Purchases;
using FlashPurchase.Infrastructure.Releases;
using FlashPurchase.Infrastructure.Sales;
using FlashPurchase.Infrastructure.Security;
using FlashPurchase.Infrastructure.SharedState;
using FlashPurchase.Infrastructure.Telemetry;
using FlashPurchase.Infrastructure.Tokens;
using MassTransit;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;

namespace FlashPurchase.Infrastructure;

/// <summary>What differs between the two hosts that use the infrastructure (API and Worker).</summary>
public sealed class InfrastructureSetup
{
    /// <summary>Create the configured default sale in an empty database (the API does; the Worker doesn't).</summary>
    public bool SeedDefaultSale { get; set; }

    /// <summary>
    /// Run the queue worker in this host: consume queue token messages and create purchase tokens. The Worker host
    /// does; so does the API on the embedded default (in-memory transport), where there is no other process.
    /// </summary>
    public bool RunQueueWorker { get; set; }

    /// <summary>Further consumers: the integration tests' stand-ins for a worker.</summary>
    internal Action<IBusRegistrationConfigurator>? AddConsumers { get; set; }
}

public static class DependencyInjection
{
    public static IServiceCollection AddInfrastructure(
        this IServiceCollection services, IConfiguration configuration, IHostEnvironment environment,
        Action<InfrastructureSetup>? configure = null)
    {
        var setup = new InfrastructureSetup();
        configure?.Invoke(setup);

        services.AddPersistence(configuration, environment, setup);
        services.AddTokens(configuration, environment);
        services.AddMessaging(configuration, setup);
        services.AddSharedState(configuration);

        services.AddOptions<PasswordOptions>().Bind(configuration.GetSection(PasswordOptions.SectionName))
            .Validate(o => o.HashIterations >= 1, "Passwords:HashIterations must be at least 1.")
            .ValidateOnStart();
        services.AddSingleton<IPasswordHasher, PasswordHasher>();

        services.AddOptions<LoginThrottleOptions>().Bind(configuration.GetSection(LoginThrottleOptions.SectionName))
            // RateLimiting:Enabled=false (the test hosts, the benchmark) turns login throttling off with the HTTP limits.
            .PostConfigure(o =>
            {
                if (!configuration.GetValue(LoginThrottleOptions.EnabledKey, true))
                {
                    o.TurnOff();
                }
            })
            .ValidateOnStart();
        services.AddSingleton<IValidateOptions<LoginThrottleOptions>, LoginThrottleOptions.Validation>();
        // Shared by every instance with Redis; the in-memory store also serves while Redis is unreachable.
        services.AddSingleton<InMemoryLoginThrottle>();
        if (configuration.HasSharedState())
        {
            services.AddSingleton<ILoginThrottle, RedisLoginThrottle>();
        }
        else
        {
            services.AddSingleton<ILoginThrottle>(sp => sp.GetRequiredService<InMemoryLoginThrottle>());
        }

        services.AddHealthChecks().AddCheck<DatabaseHealthCheck>("database", tags: [HealthTags.Ready]);

        // Recorded by both hosts; exported only where AddTelemetry turned metrics on.
        services.AddMetrics();
        services.AddSingleton<FlashPurchaseMetrics>();
        return services;
    }

    public static MessagingOptions GetMessagingOptions(this IConfiguration configuration) =>
        configuration.GetSection(MessagingOptions.SectionName).Get<MessagingOptions>() ?? new MessagingOptions();

    private static void AddPersistence(
        this IServiceCollection services, IConfiguration configuration, IHostEnvironment environment, InfrastructureSetup setup)
    {
        var options = configuration.GetSection(DatabaseOptions.SectionName).Get<DatabaseOptions>() ?? new DatabaseOptions();
        var connectionString = configuration.GetConnectionString(DatabaseOptions.ConnectionStringName)
            ?? DatabaseOptions.DefaultConnectionString;

        // Pooled: a crowd's requests reuse contexts instead of building one (and its services) per request. Each
        // engine has a context type of its own, which picks its migrations; everything asks for FlashPurchaseDbContext.
        switch (options.Provider)
        {
            case DatabaseProvider.MySql:
                services.AddDbContextPool<FlashPurchaseDbContext, MySqlFlashPurchaseDbContext>(db =>
                    db.UseMySql(connectionString, ServerVersion.Parse(options.ServerVersion)));
                break;
            case DatabaseProvider.Sqlite:
                services.AddDbContextPool<FlashPurchaseDbContext, SqliteFlashPurchaseDbContext>(db =>
                    db.UseSqlite(connectionString));
                break;
            default:
                throw new InvalidOperationException($"Unknown Database:Provider '{options.Provider}'.");
        }

        services.AddScoped<IUserRepository, UserRepository>();
        services.AddScoped<ISaleRepository, SaleRepository>();
        services.AddScoped<QueuePlaceRepository>();
        services.AddScoped<IQueuePlaceRepository>(sp => sp.GetRequiredService<QueuePlaceRepository>());
        services.AddScoped<IPurchaseTokenRepository, PurchaseTokenRepository>();
        services.AddScoped<OrderRepository>();
        services.AddScoped<IOrderRepository>(sp => sp.GetRequiredService<OrderRepository>());
        services.AddScoped<IConversionQueueReader, ConversionQueueReader>();
        services.AddScoped<ISaleFiguresReader, SaleFiguresReader>();
        services.AddScoped<IPreQueueDraws, PreQueueDrawRepository>();
        services.AddScoped<ISaleAnnouncements, SaleAnnouncementRepository>();
        services.AddSingleton<OutboxSignal>();

        services.AddOptions<FlashSaleOptions>().Bind(configuration.GetSection(FlashSaleOptions.SectionName))
            .Validate(o => o.Stock >= 0 && o.Price >= 0 && o.QueueCapacity >= 0 && o.Duration > TimeSpan.Zero,
                "FlashSale: Stock, Price and QueueCapacity must not be negative and Duration must be positive.")
            .ValidateOnStart();
        services.AddOptions<AdminOptions>().Bind(configuration.GetSection(AdminOptions.SectionName)).ValidateOnStart();
        services.AddSingleton<IValidateOptions<AdminOptions>>(new AdminOptions.Validation(environment.IsDevelopment()));
        services.AddSingleton(new DatabaseInitializerOptions(
            setup.SeedDefaultSale, options.MigratesOnStartup(environment),
            FreshDefaultSaleWhenAllClosed: environment.IsDevelopment() && options.Provider == DatabaseProvider.Sqlite));
        // Also resolvable by itself: the migrate command runs it without starting the host.
        services.AddSingleton<FirstOperator>();
        services.AddSingleton<DatabaseInitializer>();
        services.AddHostedService(sp => sp.GetRequiredService<DatabaseInitializer>());

        // One per process: it batches the purchases of every request this process serves. It needs only the
        // database, so it is stopped (its queued orders placed) wherever it falls among the other hosted services.
        services.AddSingleton<BatchingOrderPlacements>();
        services.AddSingleton<IOrderPlacements>(sp => sp.GetRequiredService<BatchingOrderPlacements>());
        services.AddHostedService(sp => sp.GetRequiredService<BatchingOrderPlacements>());
    }

    private static void AddTokens(this IServiceCollection services, IConfiguration configuration, IHostEnvironment environment)
    {
        services.AddOptions<TokenOptions>().Bind(configuration.GetSection(TokenOptions.SectionName))
            // A settings file's `"SigningKey": null` binds null: refuse it here, by name, rather than crash below.
            .Validate(o => o.SigningKey is not null && Encoding.UTF8.GetByteCount(o.SigningKey) >= TokenOptions.MinimumSigningKeyBytes,
                $"Tokens:SigningKey must be at least {TokenOptions.MinimumSigningKeyBytes} bytes long.")
            .Validate(o => environment.IsDevelopment() || o.SigningKey != TokenOptions.DevelopmentSigningKey,
                "Tokens:SigningKey is the public development key; set a secret key (Tokens__SigningKey) outside Development.")
            .Validate(o => o.Lifetime > TimeSpan.Zero && o.AccessTokenLifetime > TimeSpan.Zero,
                "Token lifetimes must be positive.")
            .ValidateOnStart();
        services.AddSingleton<IValidateOptions<TokenOptions>>(new PurchaseKeySettingsValidator(environment.IsDevelopment()));
        services.AddSingleton<PurchaseKeys>();
        services.AddSingleton<TokenValidation>();
        services.AddSingleton<ITokenService, JwtTokenService>();
        services.AddSingleton(sp => new Application.Queue.Challenges.QueueChallenges(
            QueueChallengeKey.Derive(sp.GetRequiredService<IOptions<TokenOptions>>().Value), sp.GetRequiredService<TimeProvider>()));
    }

    private static void AddMessaging(this IServiceCollection services, IConfiguration configuration, InfrastructureSetup setup)
    {
        var options = configuration.GetMessagingOptions();
        var connectionString = configuration.GetConnectionString(MessagingOptions.ConnectionStringName)
            ?? MessagingOptions.DefaultConnectionString;

        services.AddOptions<MessagingOptions>().Bind(configuration.GetSection(MessagingOptions.SectionName)).ValidateOnStart();
        services.AddSingleton<IValidateOptions<MessagingOptions>, MessagingOptions.Validation>();
        services.AddSingleton<IQueueTokenPublisher, QueueTokenPublisher>();
        // One per process: it batches the joins of every request this process serves.
        services.AddSingleton<BatchingQueueAdmissions>();
        services.AddSingleton<IQueueAdmissions>(sp => sp.GetRequiredService<BatchingQueueAdmissions>());

        if (options.Transport == MessagingTransport.RabbitMq)
        {
            services.AddHealthChecks().Add(new HealthCheckRegistration("broker",
                _ => new BrokerHealthCheck(new Uri(connectionString)), HealthStatus.Unhealthy, [HealthTags.Ready],
                TimeSpan.FromSeconds(5)));
        }

        services.AddMassTransit(bus =>
        {
            bus.SetKebabCaseEndpointNameFormatter();
            if (setup.RunQueueWorker)
            {
                bus.AddConsumer<QueueTokenIssuedConsumer, QueueTokenIssuedConsumerDefinition>();
            }

            setup.AddConsumers?.Invoke(bus);

            switch (options.Transport)
            {
                case MessagingTransport.RabbitMq:
                    bus.UsingRabbitMq((context, rabbit) =>
                    {
                        rabbit.Host(new Uri(connectionString));
                        QueueTokenTopology.ConfigureSerialization(rabbit, options);
                        QueueTokenTopology.ConfigurePublish(rabbit, options);
                        rabbit.ConfigureEndpoints(context);
                    });
                    break;
                case MessagingTransport.InMemory:
                    bus.UsingInMemory((context, memory) =>
                    {
                        QueueTokenTopology.ConfigureSerialization(memory, options);
                        memory.ConfigureEndpoints(context);
                    });
                    break;
                default:
                    throw new InvalidOperationException($"Unknown Messaging:Transport '{options.Transport}'.");
            }
        });

        // After the bus: hosted services stop in reverse order, so the admissions drain their queued joins while the
        // bus can still publish their messages.
        services.AddHostedService(sp => sp.GetRequiredService<BatchingQueueAdmissions>());
        if (setup.RunQueueWorker)
        {
            services.AddHostedService<HeldBackReleaseLoop>();
            services.AddHostedService<PreQueueDrawLoop>();
            services.AddHostedService<SaleAnnouncementLoop>();
        }

        // Every host writes outbox rows (the API purchases, the Worker releases and announcements), so every host relays
        // them. After the bus, so it stops first: a round in flight still has the bus to finish on.
        services.AddOptions<OutboxOptions>().Bind(configuration.GetSection(OutboxOptions.SectionName))
            .Validate(o => o.PollInterval > TimeSpan.Zero && o.BatchSize >= 1 && o.Lease > TimeSpan.Zero
                    && o.PublishTimeout > TimeSpan.Zero && o.MaxBackoff > TimeSpan.Zero && o.Retention > TimeSpan.Zero,
                "Outbox: PollInterval, Lease, PublishTimeout, MaxBackoff and Retention must be positive, BatchSize at least 1.")
            .ValidateOnStart();
        services.AddSingleton<OutboxRelay>();
        services.AddHostedService(sp => sp.GetRequiredService<OutboxRelay>());
    }
}
