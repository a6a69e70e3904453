using FlashPurchase.Application.Abstractions;
using FlashPurchase.Infrastructure.IntegrationTests.Support;
using Microsoft.Extensions.DependencyInjection;

namespace FlashPurchase.Infrastructure.IntegrationTests.Security;

/// <summary>Passwords are stored only as salted, slow hashes (the contract), and verified against them.</summary>
public sealed class PasswordHasherTests : IDisposable
{
    private const string Password = "correct horse battery staple";

    private readonly ServiceProvider _services =
        InfrastructureServices.Build(new Dictionary<string, string?> { ["Passwords:HashIterations"] = "1000" });

    private IPasswordHasher Hasher => _services.GetRequiredService<IPasswordHasher>();

    public void Dispose() => _services.Dispose();

    [Fact]
    public void Verify_WithTheRightPassword_ReturnsTrue()
    {
        Hasher.Verify(Hasher.Hash(Password), Password).Should().BeTrue();
    }

    [Theory]
    [InlineData("correct horse battery stapl")]
    [InlineData("Correct horse battery staple")]
    [InlineData("")]
    public void Verify_WithAnotherPassword_ReturnsFalse(string attempt)
    {
        Hasher.Verify(Hasher.Hash(Password), attempt).Should().BeFalse();
    }

    [Fact]
    public void Hash_OfTheSamePasswordTwice_Differs_BecauseEachHashIsSalted()
    {
        Hasher.Hash(Password).Should().NotBe(Hasher.Hash(Password));
    }

    [Fact]
    public void Hash_DoesNotContainThePassword()
    {
        var hash = Hasher.Hash(Password);

        hash.Should().NotContain(Password);
        hash.Should().NotContain(Convert.ToBase64String(System.Text.Encoding.UTF8.GetBytes(Password)));
    }

    [Fact]
    public void Verify_AfterTheIterationCountIsRaised_StillAcceptsOldHashes()
    {
        // Raising Passwords:HashIterations must not lock out everyone who registered before: the count is in the hash.
        var oldHash = Hasher.Hash(Password);
        using var stronger = InfrastructureServices.Build(new Dictionary<string, string?> { ["Passwords:HashIterations"] = "2000" });

        stronger.GetRequiredService<IPasswordHasher>().Verify(oldHash, Password).Should().BeTrue();
    }

    [Fact]
    public void Hash_FitsTheUsersPasswordHashColumn()
    {
        // users.password_hash is 256 characters.
        Hasher.Hash(new string('p', 128)).Length.Should().BeLessThanOrEqualTo(256);
    }
}
