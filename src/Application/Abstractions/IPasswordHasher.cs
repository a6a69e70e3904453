namespace FlashPurchase.Application.Abstractions;

public interface IPasswordHasher
{
    string Hash(string password);

    bool Verify(string hash, string password);

    /// <summary>Burns the time of one verification, so that an unknown username answers as slowly as a wrong password.</summary>
    void SimulateVerify(string password);
}
