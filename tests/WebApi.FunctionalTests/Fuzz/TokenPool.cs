namespace FlashPurchase.WebApi.FunctionalTests.Fuzz;

/// <summary>A shopper of the fuzz itself, with the real tokens the API handed out to it (some have none yet).</summary>
public sealed record FuzzShopper(
    Guid UserId, string Username, string Password, string AccessToken, string? QueueToken, string? PurchaseToken);

/// <summary>
/// The real token material the mutations start from, gathered before the fuzz: the shoppers' access tokens, queue
/// tokens and purchase tokens, the sale, and the app's signing key (for well-signed forgeries: expired tokens, tokens
/// the system never handed out, swapped claims). <see cref="Now"/> is fixed so that generation depends only on the seed.
/// </summary>
public sealed class TokenPool(string signingKey, Guid saleId, DateTimeOffset now, IReadOnlyList<FuzzShopper> shoppers)
{
    public string SigningKey { get; } = signingKey;

    public Guid SaleId { get; } = saleId;

    public DateTimeOffset Now { get; } = now;

    public IReadOnlyList<FuzzShopper> Shoppers { get; } = shoppers;

    public FuzzShopper AnyShopper(Random random) => Shoppers[random.Next(Shoppers.Count)];

    /// <summary>A shopper other than <paramref name="shopper"/>, with a token of the given kind when one has it.</summary>
    public FuzzShopper Other(Random random, FuzzShopper shopper, Func<FuzzShopper, bool>? having = null)
    {
        var others = Shoppers.Where(s => s.UserId != shopper.UserId && (having?.Invoke(s) ?? true)).ToList();
        return others.Count == 0 ? Shoppers.First(s => s.UserId != shopper.UserId) : others[random.Next(others.Count)];
    }

    public FuzzShopper WithQueueToken(Random random) => Pick(random, s => s.QueueToken is not null);

    public FuzzShopper WithPurchaseToken(Random random) => Pick(random, s => s.PurchaseToken is not null);

    private FuzzShopper Pick(Random random, Func<FuzzShopper, bool> having)
    {
        var candidates = Shoppers.Where(having).ToList();
        return candidates[random.Next(candidates.Count)];
    }
}
