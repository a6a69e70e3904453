using System.Diagnostics;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;

namespace FlashPurchase.Bench;

/// <summary>An answer as the benchmark needs it: the status, the problem code, the JSON body and Retry-After.</summary>
public sealed record Answer(int Status, string? Code, JsonElement Body, int? RetryAfterSeconds);

/// <summary>HTTP to the API through one pooled handler, every request recorded.</summary>
public sealed class ApiClient(Uri baseUrl, int maxConnections) : IDisposable
{
    private readonly HttpClient _http = new(new SocketsHttpHandler
    {
        MaxConnectionsPerServer = maxConnections,
        PooledConnectionLifetime = Timeout.InfiniteTimeSpan,
    })
    {
        BaseAddress = baseUrl,
        Timeout = TimeSpan.FromSeconds(60),
    };

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
            using var response = await _http.SendAsync(request);
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

    public void Dispose() => _http.Dispose();
}
