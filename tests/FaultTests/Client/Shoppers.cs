using System.Text;
using MySqlConnector;

namespace FlashPurchase.FaultTests.Client;

/// <summary>Where the tests' shoppers come from: the database directly (many, fast) or the API's own account calls.</summary>
public static class Shoppers
{
    /// <summary>The password of every account the tests register through the API.</summary>
    public const string Password = "correct-horse-battery";

    /// <summary>
    /// Inserts <paramref name="count"/> accounts in batches and mints each an access token. The accounts have no usable
    /// password; the sale is what these tests exercise, not account creation.
    /// </summary>
    public static async Task<IReadOnlyList<Shopper>> SeedAsync(
        string connectionString, string signingKey, int count, string prefix)
    {
        var run = Guid.NewGuid().ToString("N")[..8];
        var shoppers = Enumerable.Range(0, count)
            .Select(i => (Id: Guid.NewGuid(), Username: $"{prefix}-{run}-{i}"))
            .ToList();
        var createdAt = DateTime.UtcNow;

        await using var connection = new MySqlConnection(connectionString);
        await connection.OpenAsync();
        foreach (var batch in shoppers.Chunk(500))
        {
            var sql = new StringBuilder("INSERT INTO users (id, username, password_hash, created_at) VALUES ");
            await using var command = new MySqlCommand { Connection = connection };
            for (var i = 0; i < batch.Length; i++)
            {
                sql.Append(i == 0 ? string.Empty : ", ").Append($"(@id{i}, @name{i}, 'seeded-account-without-password', @at)");
                command.Parameters.AddWithValue($"@id{i}", batch[i].Id.ToString());
                command.Parameters.AddWithValue($"@name{i}", batch[i].Username);
            }

            command.Parameters.AddWithValue("@at", createdAt);
            command.CommandText = sql.ToString();
            await command.ExecuteNonQueryAsync();
        }

        return shoppers
            .Select(s => new Shopper(s.Id, s.Username, AccessTokens.Mint(signingKey, s.Id, s.Username, TimeSpan.FromHours(1))))
            .ToList();
    }

    /// <summary>Registers and logs in through the API; throws if either is refused.</summary>
    public static async Task<Shopper> RegisterAsync(ApiClient api, string prefix)
    {
        var username = $"{prefix}-{Guid.NewGuid():N}";
        username = username.Length > 64 ? username[..64] : username;
        var registered = await api.RegisterAsync(username, Password);
        if (registered.Status != 201)
        {
            throw new InvalidOperationException($"Register {username}: {registered}");
        }

        var login = await api.LoginAsync(username, Password);
        if (login.Status != 200)
        {
            throw new InvalidOperationException($"Login {username}: {login}");
        }

        return new Shopper(Guid.Parse(registered.Text("userId")), username, login.Text("accessToken"));
    }

    /// <summary>Logs an existing shopper in again (a new access token from whichever API answers).</summary>
    public static async Task<Shopper> LoginAgainAsync(ApiClient api, Shopper shopper)
    {
        var login = await api.LoginAsync(shopper.Username, Password);
        return login.Status == 200
            ? shopper with { AccessToken = login.Text("accessToken") }
            : throw new InvalidOperationException($"Login {shopper.Username}: {login}");
    }
}
