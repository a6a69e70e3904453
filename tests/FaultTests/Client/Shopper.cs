namespace FlashPurchase.FaultTests.Client;

/// <summary>A shopper who can call the API: an account and a valid access token.</summary>
public sealed record Shopper(Guid UserId, string Username, string AccessToken)
{
    public override string ToString() => Username;
}
