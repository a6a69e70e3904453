namespace FlashPurchase.Domain.Users;

public sealed class User
{
    private User()
    {
        Username = string.Empty;
        PasswordHash = string.Empty;
    }

    public Guid Id { get; private set; }

    /// <summary>Unique, compared as the database collation does (case-insensitive on MySQL, see the configuration).</summary>
    public string Username { get; private set; }

    public string PasswordHash { get; private set; }
    public DateTimeOffset CreatedAt { get; private set; }

    /// <summary>An operator: may run the sales (the <c>admin</c> role of the access token).</summary>
    public bool IsAdmin { get; private set; }

    public static User Register(string username, string passwordHash, DateTimeOffset createdAt)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(username);
        ArgumentException.ThrowIfNullOrEmpty(passwordHash);
        return new User { Id = Guid.NewGuid(), Username = username, PasswordHash = passwordHash, CreatedAt = createdAt };
    }

    public void PromoteToAdmin() => IsAdmin = true;
}
