namespace FlashPurchase.TestSupport;

/// <summary>
/// Where the real MariaDB, RabbitMQ and Redis of the tests are. scripts/test.sh starts them and sets these variables;
/// to use servers of your own, set them yourself (see the README).
/// </summary>
public static class TestServers
{
    public static string MySqlAdminConnectionString => Required("FLASHPURCHASE_TEST_MYSQL_ADMIN");

    public static string MySqlServerVersion => Required("FLASHPURCHASE_TEST_MYSQL_SERVER_VERSION");

    /// <summary>amqp://user:password@host:port, without a vhost.</summary>
    public static Uri RabbitMqAmqp => new(Required("FLASHPURCHASE_TEST_RABBITMQ_AMQP"));

    /// <summary>http://user:password@host:15672, the management API.</summary>
    public static Uri RabbitMqManagement => new(Required("FLASHPURCHASE_TEST_RABBITMQ_MANAGEMENT"));

    /// <summary>
    /// The Redis the shared-limit tests use (each keeps to a key prefix of its own), with patient timeouts: these tests
    /// are about sharing, and on a loaded test machine the product's short ones (there so that an outage costs little)
    /// would turn a slow start or answer into a local decision. Outages have tests of their own, on a closed port.
    /// </summary>
    public static string Redis => Required("FLASHPURCHASE_TEST_REDIS") + ",connectTimeout=15000,syncTimeout=5000,asyncTimeout=5000";

    /// <summary>A key prefix no other test uses, so tests can share the one Redis.</summary>
    public static string NewRedisKeyPrefix() => $"fptest:{Guid.NewGuid():N}:";

    private static string Required(string name) =>
        Environment.GetEnvironmentVariable(name) is { Length: > 0 } value
            ? value
            : throw new InvalidOperationException(
                $"{name} is not set. These tests run against real MariaDB and RabbitMQ: run them with 'bash scripts/test.sh', " +
                "which starts both and sets the FLASHPURCHASE_TEST_* variables (see the README to use servers of your own).");
}
