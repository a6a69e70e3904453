using System.Net.Http.Headers;
using System.Text;

namespace FlashPurchase.TestSupport;

/// <summary>
/// A RabbitMQ virtual host of its own for one test fixture, deleted when disposed: fixtures that run in parallel
/// then never consume each other's messages.
/// </summary>
public sealed class ThrowawayVhost : IAsyncDisposable
{
    private readonly HttpClient _management;

    private ThrowawayVhost(string name, HttpClient management)
    {
        Name = name;
        _management = management;
        var amqp = new UriBuilder(TestServers.RabbitMqAmqp) { Path = "/" + Uri.EscapeDataString(name) };
        AmqpUri = amqp.Uri.ToString();
    }

    public string Name { get; }

    /// <summary>amqp://user:password@host:port/vhost</summary>
    public string AmqpUri { get; }

    public static async Task<ThrowawayVhost> CreateAsync()
    {
        var name = $"fptest-{Guid.NewGuid():N}";
        var management = CreateManagementClient();
        var response = await management.PutAsync($"api/vhosts/{Uri.EscapeDataString(name)}", null);
        response.EnsureSuccessStatusCode();
        return new ThrowawayVhost(name, management);
    }

    /// <summary>The management API's JSON for a queue of this vhost (its message counts lag by a few seconds).</summary>
    public async Task<string> GetQueueJsonAsync(string queue) =>
        await _management.GetStringAsync($"api/queues/{Uri.EscapeDataString(Name)}/{Uri.EscapeDataString(queue)}");

    /// <summary>The management API's JSON for the first messages of a queue of this vhost; they stay in the queue.</summary>
    public async Task<string> PeekMessagesJsonAsync(string queue, int count)
    {
        var response = await _management.PostAsync(
            $"api/queues/{Uri.EscapeDataString(Name)}/{Uri.EscapeDataString(queue)}/get",
            new StringContent($$"""{"count":{{count}},"ackmode":"ack_requeue_true","encoding":"auto"}""", Encoding.UTF8, "application/json"));
        response.EnsureSuccessStatusCode();
        return await response.Content.ReadAsStringAsync();
    }

    /// <summary>Deletes every message of a queue of this vhost.</summary>
    public async Task PurgeAsync(string queue) =>
        (await _management.DeleteAsync($"api/queues/{Uri.EscapeDataString(Name)}/{Uri.EscapeDataString(queue)}/contents")).EnsureSuccessStatusCode();

    /// <summary>
    /// Takes the AMQP account's permissions on this vhost away: the broker refuses its new connections, as if it were
    /// unreachable, until <see cref="AllowAsync"/>.
    /// </summary>
    public async Task DenyAsync() =>
        (await _management.DeleteAsync(PermissionsPath)).EnsureSuccessStatusCode();

    public async Task AllowAsync() =>
        (await _management.PutAsync(PermissionsPath, new StringContent(
            """{"configure":".*","write":".*","read":".*"}""", Encoding.UTF8, "application/json"))).EnsureSuccessStatusCode();

    private string PermissionsPath =>
        $"api/permissions/{Uri.EscapeDataString(Name)}/{Uri.EscapeDataString(Uri.UnescapeDataString(TestServers.RabbitMqAmqp.UserInfo.Split(':')[0]))}";

    public async ValueTask DisposeAsync()
    {
        using (_management)
        {
            await _management.DeleteAsync($"api/vhosts/{Uri.EscapeDataString(Name)}");
        }
    }

    private static HttpClient CreateManagementClient()
    {
        var uri = TestServers.RabbitMqManagement;
        var client = new HttpClient { BaseAddress = new Uri(uri.GetLeftPart(UriPartial.Authority) + "/") };
        var credentials = Uri.UnescapeDataString(uri.UserInfo);
        client.DefaultRequestHeaders.Authorization =
            new AuthenticationHeaderValue("Basic", Convert.ToBase64String(Encoding.UTF8.GetBytes(credentials)));
        return client;
    }
}
