using FlashPurchase.Domain.Users;
using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.Options;
using IPasswordHasherPort = FlashPurchase.Application.Abstractions.IPasswordHasher;

namespace FlashPurchase.Infrastructure.Security;

/// <summary>Salted PBKDF2 hashes through ASP.NET Core Identity's <see cref="PasswordHasher{TUser}"/>.</summary>
internal sealed class PasswordHasher : IPasswordHasherPort
{
    private readonly PasswordHasher<User> _inner;
    private readonly Lazy<string> _decoyHash;

    public PasswordHasher(IOptions<PasswordOptions> options)
    {
        _inner = new PasswordHasher<User>(Options.Create(new PasswordHasherOptions
        {
            CompatibilityMode = PasswordHasherCompatibilityMode.IdentityV3,
            IterationCount = options.Value.HashIterations,
        }));
        _decoyHash = new Lazy<string>(() => Hash(Guid.NewGuid().ToString()));
    }

    public string Hash(string password) => _inner.HashPassword(null!, password);

    public bool Verify(string hash, string password) =>
        _inner.VerifyHashedPassword(null!, hash, password) != PasswordVerificationResult.Failed;

    public void SimulateVerify(string password) => Verify(_decoyHash.Value, password);
}
