using FlashPurchase.Application.Abstractions;
using FlashPurchase.Domain.Users;
using FlashPurchase.Infrastructure.IntegrationTests.Support;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace FlashPurchase.Infrastructure.IntegrationTests.Persistence;

/// <summary>
/// Usernames are unique regardless of case on both engines ("Alice" and "alice" are one shopper), and the unique key,
/// not a prior read, decides who gets a name.
/// </summary>
public abstract class UserRepositoryTests(DatabaseFixture fixture)
{
    private IServiceProvider Services => fixture.Services;

    [Fact]
    public async Task TryAddAsync_WhenTheUsernameIsTaken_ReturnsFalse()
    {
        var name = UniqueName("taken");

        (await TryAddAsync(User.Register(name, "hash-1", DateTimeOffset.UtcNow))).Should().BeTrue();
        (await TryAddAsync(User.Register(name, "hash-2", DateTimeOffset.UtcNow))).Should().BeFalse();

        (await Services.QueryAsync(db => db.Users.CountAsync(u => u.Username == name))).Should().Be(1);
    }

    [Fact]
    public async Task TryAddAsync_WhenTheUsernameDiffersOnlyInCase_ReturnsFalse()
    {
        var name = UniqueName("Alice");

        (await TryAddAsync(User.Register(name, "hash-1", DateTimeOffset.UtcNow))).Should().BeTrue();
        (await TryAddAsync(User.Register(name.ToLowerInvariant(), "hash-2", DateTimeOffset.UtcNow))).Should().BeFalse();
        (await TryAddAsync(User.Register(name.ToUpperInvariant(), "hash-3", DateTimeOffset.UtcNow))).Should().BeFalse();
    }

    [Fact]
    public async Task TryAddAsync_WhenTwoShoppersRegisterTheSameNameAtOnce_AcceptsOne()
    {
        var name = UniqueName("race");

        var added = await Race.RunAsync(Services, 5, (i, scope) => scope.GetRequiredService<IUserRepository>()
            .TryAddAsync(User.Register(i % 2 == 0 ? name : name.ToUpperInvariant(), "hash", DateTimeOffset.UtcNow), CancellationToken.None));

        added.Count(a => a).Should().Be(1);
    }

    [Fact]
    public async Task FindByUsernameAsync_IgnoresCase_SoLoginMatchesTheUniqueKey()
    {
        var name = UniqueName("Bob");
        var user = User.Register(name, "hash", DateTimeOffset.UtcNow);
        await TryAddAsync(user);

        await using var scope = Services.CreateAsyncScope();
        var found = await scope.ServiceProvider.GetRequiredService<IUserRepository>()
            .FindByUsernameAsync(name.ToLowerInvariant(), CancellationToken.None);

        found.Should().NotBeNull();
        found!.Id.Should().Be(user.Id);
        found.Username.Should().Be(name, "the name is kept as the shopper typed it");
    }

    private static string UniqueName(string prefix) => $"{prefix}-{Guid.NewGuid():N}"[..32];

    private async Task<bool> TryAddAsync(User user)
    {
        await using var scope = Services.CreateAsyncScope();
        return await scope.ServiceProvider.GetRequiredService<IUserRepository>().TryAddAsync(user, CancellationToken.None);
    }
}

public sealed class MariaDbUserRepositoryTests(MariaDbFixture fixture)
    : UserRepositoryTests(fixture), IClassFixture<MariaDbFixture>;

public sealed class SqliteUserRepositoryTests(SqliteFixture fixture)
    : UserRepositoryTests(fixture), IClassFixture<SqliteFixture>;
