namespace FlashPurchase.WebApi.Contracts;

public sealed record CredentialsRequest(string Username, string Password);

public sealed record ExchangeTokenRequest(string QueueToken);

public sealed record PurchaseRequest(string PurchaseToken);
