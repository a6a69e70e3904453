using FlashPurchase.Application;
using FlashPurchase.Domain.Errors;
using FlashPurchase.Infrastructure;
using FlashPurchase.Infrastructure.Messaging;
using FlashPurchase.Infrastructure.Persistence;
using FlashPurchase.Infrastructure.Telemetry;
using FlashPurchase.WebApi;
using FlashPurchase.WebApi.Management;
using FlashPurchase.WebApi.Problems;
using FlashPurchase.WebApi.Security;

// `migrate`: bring the database up to date (and create the default sale), then exit without serving. The real stack
// runs it once before the API and the Worker start (README). Taken off the arguments the builder reads as settings.
var migrate = args is [MigrateCommand.Name, ..];
var builder = WebApplication.CreateBuilder(migrate ? args[1..] : args);

builder.Logging.AddFilter("Microsoft.EntityFrameworkCore", LogLevel.Warning);

// Embedded default: the queue worker's consumers run inside this process on the in-memory transport.
// Real stack: this process only sends; the Worker process consumes from RabbitMQ.
var embeddedWorker = builder.Configuration.GetMessagingOptions().Transport == MessagingTransport.InMemory;

builder.Services.AddApplication();
builder.Services.AddInfrastructure(builder.Configuration, builder.Environment, setup =>
{
    setup.SeedDefaultSale = true;
    setup.RunQueueWorker = embeddedWorker;
});
builder.Services.AddWebApi(builder.Configuration);
builder.Services.AddTelemetry(builder.Configuration, TelemetryHost.Api);
builder.ListenOnManagementPort();

var app = builder.Build();

// After Build: tools that run Program.cs only to read the built host (NSwag, WebApplicationFactory) stop at Build.
if (migrate)
{
    var exitCode = await MigrateCommand.RunAsync(app.Services);
    await app.DisposeAsync(); // flushes the log
    return exitCode;
}

// Before anything reads the client's address (the per-address limits): a trusted proxy's X-Forwarded-For, if any.
app.UseTrustedProxies();
app.UseSecurityHeaders();
app.UseExceptionHandler();
app.UseStatusCodePages(async context =>
{
    // Bare statuses of the framework (404 of routing, 405, 415 of MVC...) become problem documents too.
    var http = context.HttpContext;
    if (!http.Response.HasStarted && http.Response.ContentLength is null && http.Response.ContentType is null)
    {
        var status = http.Response.StatusCode;
        await ProblemWriter.WriteAsync(http, new Error(ErrorStatus.CodeFor(status),
            status == StatusCodes.Status404NotFound ? "There is nothing at this address." : $"The request was refused ({status})."));
    }
});

// Before everything a shopper reaches: on the management port only /metrics and /health answer.
app.UseManagementPort();

// The shoppers' waiting room (built from web/ into wwwroot): `/` serves index.html. Files only; any other path
// falls through to the API, whose unknown addresses still answer a 404 problem document.
// no-cache: the browser revalidates (ETag), so a new build never pairs an old app.js with a new index.html.
app.UseDefaultFiles();
app.UseStaticFiles(new StaticFileOptions
{
    OnPrepareResponse = file => file.Context.Response.Headers.CacheControl = "no-cache",
});

app.UseOpenApi(openApi => openApi.Path = "/openapi/{documentName}.json");
app.UseSwaggerUi(ui =>
{
    ui.Path = "/docs";
    ui.DocumentPath = "/openapi/{documentName}.json";
});

app.UseAuthentication();
app.UseRateLimiter(); // after authentication: the per-shopper limits need the access token's subject
app.UseAuthorization();

app.MapControllers();

try
{
    await app.RunAsync();
}
catch (DatabaseNotMigratedException)
{
    return 1; // the one line that says what to do is logged already
}

return 0;

/// <summary>Visible to the functional tests' WebApplicationFactory.</summary>
public partial class Program;
