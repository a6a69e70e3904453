using System.Diagnostics;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;

namespace FlashPurchase.Bench;

/// <summary>An answer as the benchmark needs it: the status, the problem code, the JSON body and Retry-After.</summary>
public sealed record Answer(int Status, string? Code, JsonElement Body, int? RetryAfterSeconds);

/// <summary>
/// HTTP to the API through one pooled handler per API process, every request recorded. With several APIs (the scaling
/// scenario: two processes on one database and vhost) each shopper stays with one of them, chosen by its access
/// token, and the connections are shared out so that one API or two get the same number in all.
/// </summary>
public sealed class ApiClient : IDisposable
{
    private readonly HttpClient[] _apis;

    public ApiClient(IReadOnlyList<Uri> baseUrls, int maxConnections)
    {
        _apis = [.. baseUrls.Select(url => new HttpClient(new SocketsHttpHandler
        {
            MaxConnectionsPerServer = Math.Max(1, maxConnections / baseUrls.Count),
            PooledConnectionLifetime = Timeout.InfiniteTimeSpan,
        })
        {
            BaseAddress = url,
            Timeout = TimeSpan.FromSeconds(60),
        })];
    }

    public async Task<Answer> SendAsync(LoadRecorder? recorder, HttpMethod method, string path, string? accessToken, object? body = null)
    {
        using var request = new HttpRequestMessage(method, path);
        if (accessToken is not null)
        {
            request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", accessToken);
        }

        if (body is not null)
        {
            request.Content = new StringContent(JsonSerializer.Serialize(body, JsonSerializerOptions.Web), Encoding.UTF8, "application/json");
        }

        var started = Stopwatch.GetTimestamp();
        Answer answer;
        try
        {
            // A string's hash is stable within the process: every request of one shopper goes to the same API.
            var api = accessToken is null ? _apis[0] : _apis[(uint)accessToken.GetHashCode() % _apis.Length];
            using var response = await api.SendAsync(request);
            var text = await response.Content.ReadAsStringAsync();
            var json = text.Length > 0 && text[0] is '{' or '[' ? JsonDocument.Parse(text).RootElement.Clone() : default;
            var code = json.ValueKind == JsonValueKind.Object && json.TryGetProperty("code", out var c) ? c.GetString() : null;
            var retryAfter = response.Headers.RetryAfter?.Delta is { } delta ? (int)delta.TotalSeconds : (int?)null;
            answer = new Answer((int)response.StatusCode, code, json, retryAfter);
        }
        catch (Exception e) when (e is HttpRequestException or TaskCanceledException)
        {
            answer = new Answer(0, "error", default, null);
        }

        recorder?.Add(started, answer.Status, answer.Code);
        return answer;
    }

    public void Dispose()
    {
        foreach (var api in _apis)
        {
            api.Dispose();
        }
    }
}
