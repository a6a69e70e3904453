namespace FlashPurchase.WebApi.FunctionalTests.Fuzz;

/// <summary>A shopper of the fuzz itself, with the real tokens the API handed out to it (some have none yet).</summary>
public sealed record FuzzShopper(
    Guid UserId, string Username, string Password, string AccessToken, string? QueueToken, string? PurchaseToken);

/// <summary>
/// The sales the fuzz knows, set up before it (see <see cref="FuzzTests"/>), each with what the fuzz may do to it so
/// that the run's invariants keep their meaning:
/// <list type="bullet">
/// <item><see cref="Default"/>: the sale everyone buys from (the current one). Read; edited only in fields locked once
/// open (always refused, sale_already_open); never paused, resumed or closed.</item>
/// <item><see cref="Second"/>: open, closing after the default (so never current), two units of three sold before the
/// fuzz. Paused and resumed; edited only to a stock below its orders (stock_below_orders); never closed.</item>
/// <item><see cref="Paused"/>: open, closing after the default, paused before the fuzz and never resumed: nobody holds
/// a place, so joining is always queue_paused.</item>
/// <item><see cref="Editable"/>: scheduled days ahead; edited (its opening kept in the future), paused, resumed, never
/// closed.</item>
/// <item><see cref="Closable"/>: scheduled days ahead; edited (durations of days only), paused, resumed, closed.</item>
/// </list>
/// </summary>
public sealed record FuzzSales(
    SaleFacts Default, Guid Second, Guid Paused, IReadOnlyList<Guid> Editable, IReadOnlyList<Guid> Closable)
{
    public IEnumerable<Guid> All => [Default.SaleId, Second, Paused, .. Editable, .. Closable];
}

/// <summary>
/// What the fuzz must know of the default sale to change its locked fields for certain (their current values), and to
/// tell afterwards that nothing changed them.
/// </summary>
public sealed record SaleFacts(Guid SaleId, string ProductName, decimal Price, string Currency, DateTimeOffset OpensAt, DateTimeOffset ClosesAt);

/// <summary>
/// The real token material the mutations start from, gathered before the fuzz: the shoppers' access tokens, queue
/// tokens and purchase tokens, the operator's access token, the sales, and the app's signing keys (HS256 for access and
/// queue tokens, ES256 for purchase tokens: for well-signed forgeries: expired tokens, tokens the system never handed
/// out, swapped claims). <see cref="Now"/> is fixed so that
/// generation depends only on the seed.
/// </summary>
public sealed class TokenPool(
    string signingKey, string purchaseSigningKey, FuzzSales sales, DateTimeOffset now, IReadOnlyList<FuzzShopper> shoppers,
    FuzzShopper @operator)
{
    public string SigningKey { get; } = signingKey;

    /// <summary>The P-256 private key (PEM) of purchase tokens.</summary>
    public string PurchaseSigningKey { get; } = purchaseSigningKey;

    /// <summary>The default sale: the one the pool's queue and purchase tokens belong to.</summary>
    public Guid SaleId => Sales.Default.SaleId;

    public FuzzSales Sales { get; } = sales;

    /// <summary>The operator (an account with the admin role): an access token, no sale tokens.</summary>
    public FuzzShopper Operator { get; } = @operator;

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
