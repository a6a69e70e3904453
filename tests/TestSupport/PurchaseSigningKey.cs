using System.Security.Cryptography;

namespace FlashPurchase.TestSupport;

/// <summary>
/// Purchase-token keys for hosts that run outside Development (which refuse the development key): a fresh P-256
/// private key per run, in the PKCS#8 PEM that Tokens__PurchaseSigningKey takes.
/// </summary>
public static class PurchaseSigningKey
{
    public static string NewPem()
    {
        using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        return key.ExportPkcs8PrivateKeyPem();
    }

    /// <summary>The public half of a private key in PEM (SubjectPublicKeyInfo), as a shop or a previous key holds it.</summary>
    public static string PublicPem(string privatePem)
    {
        using var key = ECDsa.Create();
        key.ImportFromPem(privatePem);
        return key.ExportSubjectPublicKeyInfoPem();
    }
}
