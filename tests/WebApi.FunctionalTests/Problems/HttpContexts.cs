using System.Text;
using System.Text.Json;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.Abstractions;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;

namespace FlashPurchase.WebApi.FunctionalTests.Problems;

/// <summary>A request in memory, with the services an answer needs to be written (MVC's executors, JSON options).</summary>
internal static class HttpContexts
{
    private static readonly IServiceProvider Services = new ServiceCollection().AddLogging().AddControllers().Services
        .BuildServiceProvider();

    public static DefaultHttpContext New(CancellationToken requestAborted = default)
    {
        var context = new DefaultHttpContext { RequestServices = Services, RequestAborted = requestAborted };
        context.Request.Method = "GET";
        context.Request.Path = "/api/test";
        context.Response.Body = new MemoryStream();
        return context;
    }

    public static ActionContext ActionContext(HttpContext context) =>
        new(context, new RouteData(), new ActionDescriptor());

    public static string Body(this HttpContext context) =>
        Encoding.UTF8.GetString(((MemoryStream)context.Response.Body).ToArray());

    public static JsonElement JsonBody(this HttpContext context) => JsonDocument.Parse(context.Body()).RootElement.Clone();

    public static string? RetryAfter(this HttpContext context) =>
        context.Response.Headers.RetryAfter is { Count: > 0 } value ? value.ToString() : null;
}
