using System.Threading.RateLimiting;
using FlashPurchase.Domain.Errors;
using FlashPurchase.Infrastructure.SharedState;
using FlashPurchase.WebApi.Authentication;
using FlashPurchase.WebApi.Problems;
using Microsoft.AspNetCore.RateLimiting;
using Microsoft.Extensions.Options;

namespace FlashPurchase.WebApi.RateLimiting;

/// <summary>
/// ASP.NET Core's rate limiter with one global limiter that chains two: per shopper (the access token's subject) and
/// per client address, each a token bucket per <see cref="RateLimitedOperation"/>. A request must get a permit from
/// both; a refusal is a <c>429 rate_limited</c> problem with <c>Retry-After</c>. Runs after authentication (to know
/// the shopper) and before authorization, so that requests with a bad token count against their address too. With
/// <c>ConnectionStrings:Redis</c> the buckets are kept in Redis and shared by every instance (docs/rate-limits.md).
/// </summary>
public static class RateLimits
{
    public static IServiceCollection AddRateLimits(this IServiceCollection services)
    {
        services.AddOptions<RateLimitingOptions>().BindConfiguration(RateLimitingOptions.SectionName).ValidateOnStart();
        services.AddSingleton<IValidateOptions<RateLimitingOptions>, SettingsValidator>();

        services.AddRateLimiter(_ => { });
        services.AddOptions<RateLimiterOptions>().Configure<IOptions<RateLimitingOptions>, IServiceProvider>((limiter, settings, provider) =>
        {
            limiter.RejectionStatusCode = StatusCodes.Status429TooManyRequests;
            limiter.OnRejected = (context, _) => new ValueTask(ProblemWriter.WriteAsync(context.HttpContext, Refusal(context.Lease)));
            if (settings.Value.Enabled)
            {
                // Registered only with ConnectionStrings:Redis; without it every bucket is this process's own.
                var shared = provider.GetService<RedisTokenBucket>();
                limiter.GlobalLimiter = PartitionedRateLimiter.CreateChained(
                    PartitionedRateLimiter.Create<HttpContext, Partition>(context => PerShopper(context, settings.Value, shared)),
                    PartitionedRateLimiter.Create<HttpContext, Partition>(context => PerAddress(context, settings.Value, shared)));
            }
        });
        return services;
    }

    private static RateLimitPartition<Partition> PerShopper(HttpContext context, RateLimitingOptions settings, RedisTokenBucket? shared)
    {
        var (name, bucket) = OperationOf(context) switch
        {
            RateLimitedOperation.Enter => (nameof(settings.Enter), settings.Enter),
            RateLimitedOperation.Exchange => (nameof(settings.Exchange), settings.Exchange),
            _ => (null, null),
        };

        // No shopper (no valid access token): authorization answers 401 next; the address limit has counted it.
        return bucket is not null && context.User.TryGetUserId(out var userId)
            ? TokenBucketPartition(new Partition(name!, userId.ToString()), bucket, shared)
            : RateLimitPartition.GetNoLimiter(Partition.Unlimited);
    }

    private static RateLimitPartition<Partition> PerAddress(HttpContext context, RateLimitingOptions settings, RedisTokenBucket? shared)
    {
        var (name, bucket) = OperationOf(context) switch
        {
            RateLimitedOperation.Enter or RateLimitedOperation.Exchange => (nameof(settings.QueuePerAddress), settings.QueuePerAddress),
            RateLimitedOperation.Accounts => (nameof(settings.AccountsPerAddress), settings.AccountsPerAddress),
            _ => (null, null),
        };

        return bucket is not null
            ? TokenBucketPartition(new Partition(name!, ClientAddress.KeyOf(context)), bucket, shared)
            : RateLimitPartition.GetNoLimiter(Partition.Unlimited);
    }

    private static RateLimitedOperation? OperationOf(HttpContext context) =>
        context.GetEndpoint()?.Metadata.GetMetadata<RateLimitedAttribute>()?.Operation;

    /// <summary>
    /// The client's bucket: this process's own, or with <paramref name="shared"/> the one in Redis, with this process's
    /// own as its fallback.
    /// </summary>
    private static RateLimitPartition<Partition> TokenBucketPartition(Partition partition, TokenBucket bucket, RedisTokenBucket? shared) =>
        RateLimitPartition.Get(partition, key =>
        {
            var local = new TokenBucketRateLimiter(new TokenBucketRateLimiterOptions
            {
                TokenLimit = bucket.Burst,
                TokensPerPeriod = bucket.RefillCount,
                ReplenishmentPeriod = bucket.RefillPeriod,
                AutoReplenishment = false, // the partitioned limiter tops every bucket up on one timer (0.1 s)
                QueueLimit = 0, // refuse at once with Retry-After rather than hold the request open
            });
            return shared is null
                ? local
                : new SharedTokenBucketLimiter(shared, key.Limit, key.Client,
                    new TokenBucketShape(bucket.Burst, bucket.RefillCount, bucket.RefillPeriod), local);
        });

    private static Error Refusal(RateLimitLease lease) =>
        Refusal(lease.TryGetMetadata(MetadataName.RetryAfter, out var retryAfter) ? retryAfter : TimeSpan.FromSeconds(1));

    /// <summary>The answer to a request beyond its bucket (429), asking to wait this long.</summary>
    internal static Error Refusal(TimeSpan wait) =>
        new(ErrorCodes.RateLimited, $"Too many requests; please wait {WaitRounding.WholeSeconds(wait)} seconds before trying again.")
        {
            RetryAfter = wait,
        };

    /// <summary>Refuses to start with limits that make no sense, naming each setting to fix.</summary>
    private sealed class SettingsValidator : IValidateOptions<RateLimitingOptions>
    {
        public ValidateOptionsResult Validate(string? name, RateLimitingOptions options) =>
            options.Enabled && options.Problems().ToList() is { Count: > 0 } problems
                ? ValidateOptionsResult.Fail(problems)
                : ValidateOptionsResult.Success;
    }

    /// <summary>One bucket: which limit, and whose (a shopper's id or an address).</summary>
    private readonly record struct Partition(string Limit, string Client)
    {
        public static readonly Partition Unlimited = new("none", "");
    }
}
