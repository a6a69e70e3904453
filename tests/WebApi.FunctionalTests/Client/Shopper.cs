namespace FlashPurchase.WebApi.FunctionalTests.Client;

/// <summary>A registered, logged-in shopper: the typed client with this shopper's access token.</summary>
public sealed class Shopper(FlashPurchaseClient api, Guid userId, string username, string password, string accessToken)
{
    public Guid UserId { get; } = userId;

    public string Username { get; } = username;

    public string Password { get; } = password;

    public string AccessToken { get; } = accessToken;

    /// <summary>Joins the queue of <paramref name="saleId"/>, or of the current sale when null.</summary>
    public Task<ApiResponse<QueueTicketBody>> EnterAsync(Guid? saleId = null) => api.EnterAsync(AccessToken, saleId);

    public Task<ApiResponse<PurchaseTokenBody>> ExchangeAsync(string queueToken) => api.ExchangeAsync(AccessToken, queueToken);

    public Task<ApiResponse> LeaveAsync(Guid? saleId = null) => api.LeaveAsync(AccessToken, saleId);

    public Task<ExchangeOutcome> ExchangeUntilSettledAsync(string queueToken, TimeSpan? timeout = null) =>
        api.ExchangeUntilSettledAsync(AccessToken, queueToken, timeout);

    public Task<ApiResponse<OrderPlacedBody>> PurchaseAsync(string purchaseToken) => api.PurchaseAsync(AccessToken, purchaseToken);

    public Task<ApiResponse<List<OrderBody>>> GetMyOrdersAsync() => api.GetMyOrdersAsync(AccessToken);

    public Task<ApiResponse<OrderBody>> GetOrderAsync(Guid orderId) => api.GetOrderAsync(AccessToken, orderId);

    /// <summary>Joins the queue and waits for the purchase token; throws if any step is refused.</summary>
    public async Task<(string QueueToken, string PurchaseToken)> GetTokensAsync(Guid? saleId = null)
    {
        var ticket = (await EnterAsync(saleId)).Value;
        var exchanged = await ExchangeUntilSettledAsync(ticket.QueueToken);
        return (ticket.QueueToken, exchanged.Final.Value.PurchaseToken);
    }

    /// <summary>The whole purchase; throws if any step is refused.</summary>
    public async Task<OrderPlacedBody> BuyAsync(Guid? saleId = null)
    {
        var (_, purchaseToken) = await GetTokensAsync(saleId);
        return (await PurchaseAsync(purchaseToken)).Value;
    }

    public override string ToString() => Username;
}
