namespace FlashPurchase.Domain.Queue;

/// <summary>
/// A bot challenge handed to a shopper: find a nonce such that SHA-256 of <c>&lt;Challenge&gt;:&lt;nonce&gt;</c> starts
/// with <see cref="Difficulty"/> zero bits (<see cref="ProofOfWork"/>), and send it to enter before <see cref="ExpiresAt"/>.
/// </summary>
public sealed record QueueChallenge(string Challenge, int Difficulty, DateTimeOffset ExpiresAt);
