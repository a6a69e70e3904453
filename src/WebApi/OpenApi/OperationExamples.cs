using FlashPurchase.Application.Abstractions;
using FlashPurchase.Application.Accounts.IssueAccessToken;
using FlashPurchase.Application.Accounts.Register;
using FlashPurchase.Application.Behaviors;
using FlashPurchase.Application.Orders;
using FlashPurchase.Application.Queue.EnterQueue;
using FlashPurchase.Application.Queue.ExchangeToken;
using FlashPurchase.Application.Sales;
using FlashPurchase.Application.Sales.Admin;
using FlashPurchase.Application.Shop.PlaceOrder;
using FlashPurchase.Domain.Errors;
using FlashPurchase.Domain.Queue;
using FlashPurchase.Infrastructure.Tokens;
using FlashPurchase.WebApi.Authentication;
using FlashPurchase.WebApi.Contracts;
using FlashPurchase.WebApi.Controllers;
using FlashPurchase.WebApi.Problems;
using FlashPurchase.WebApi.RateLimiting;
using FluentValidation;

namespace FlashPurchase.WebApi.OpenApi;

/// <summary>
/// The examples the OpenAPI document shows for every request body and every answer, so that <c>/docs</c> walks a
/// purchase by itself: one shopper, one sale, the same ids and tokens from call to call. Bodies are the API's own types
/// and refusals the errors its handlers return, written by <see cref="ProblemWriter"/>, so an example cannot drift
/// from what the API sends.
/// </summary>
internal static class OperationExamples
{
    private static readonly Guid SaleId = Guid.Parse("6f1c2a7e-3b4d-4e5f-8a9b-0c1d2e3f4a5b");
    private static readonly Guid UserId = Guid.Parse("1a2b3c4d-5e6f-4a7b-8c9d-0e1f2a3b4c5d");
    private static readonly Guid OrderId = Guid.Parse("9e8d7c6b-5a4f-4e3d-8c2b-1a0f9e8d7c6b");
    private static readonly DateTimeOffset OpensAt = new(2026, 12, 24, 18, 0, 0, TimeSpan.Zero);
    private static readonly DateTimeOffset Now = OpensAt.AddMinutes(2);
    private const string Username = "alice";
    private const string AccessToken = "eyJhbGciOiJIUzI1NiIsInR5cCI6ImF0K2p3dCJ9.eyJzdWIiOiIxYTJiM2M0ZCJ9.c2lnbmF0dXJl";
    private const string QueueToken = "eyJhbGciOiJIUzI1NiIsInR5cCI6InF0K2p3dCJ9.eyJqdGkiOiIzZjRhNWI2YyJ9.c2lnbmF0dXJl";
    private const string PurchaseToken = "eyJhbGciOiJFUzI1NiIsImtpZCI6InB0LTIwMjYtMTIiLCJ0eXAiOiJwdCtqd3QifQ.eyJqdGkiOiI3YThiOWMwZCJ9.c2lnbmF0dXJl";

    /// <summary>The trace id every example problem carries (32 hex digits, as a real one).</summary>
    internal const string TraceId = "4bf92f3577b34da6a3ce929d0e0e4736";

    private static readonly SaleView Sale = new(
        SaleId, "iPhone 11 Pro", 899.00m, "EUR", 1000, 412, OpensAt, OpensAt.AddHours(1), "open",
        PreQueueOpensAt: null, Paused: false, ChallengeDifficulty: 0);

    /// <summary>An example of each request body and success answer, by the type the action declares.</summary>
    internal static readonly IReadOnlyDictionary<Type, object> Bodies = new Dictionary<Type, object>
    {
        [typeof(CredentialsRequest)] = new CredentialsRequest(Username, "correct horse battery staple"),
        [typeof(RegisteredUser)] = new RegisteredUser(UserId, Username),
        [typeof(IssuedAccessToken)] = new IssuedAccessToken(AccessToken, "Bearer", Now.AddHours(1)),
        [typeof(SaleView)] = Sale,
        [typeof(QueueTicket)] = new QueueTicket(QueueToken, Now.AddHours(1), SaleId, Position: 1287),
        [typeof(QueueChallenge)] = new QueueChallenge("6f1c2a7e.1a2b3c4d.1767031200.q8Zk3w", 18, Now.AddMinutes(5)),
        [typeof(ExchangeTokenRequest)] = new ExchangeTokenRequest(QueueToken),
        [typeof(PurchaseTokenResponse)] = new PurchaseTokenResponse(PurchaseToken, Now.AddMinutes(10)),
        [typeof(ExchangePendingResponse)] = new ExchangePendingResponse(ExchangePendingResponse.PendingStatus, 1287, 4),
        [typeof(PurchaseRequest)] = new PurchaseRequest(PurchaseToken),
        [typeof(OrderPlacedResponse)] = new OrderPlacedResponse(
            OrderId, SaleId, Sale.ProductName, Sale.Price, Sale.Currency, Now.AddMinutes(3), ShopController.OrderPlacedMessage),
        [typeof(OrderView)] = new OrderView(OrderId, SaleId, Sale.ProductName, Sale.Price, Sale.Currency, Now.AddMinutes(3)),
        [typeof(SaleSettingsRequest)] = new SaleSettingsRequest(
            "iPhone 11 Pro", 899.00m, "EUR", 1000, OpensAt, TimeSpan.FromHours(1), QueueCapacity: 0, PreQueue: TimeSpan.FromMinutes(15),
            ReleaseRate: 600, MaxActiveShoppers: 2000, PurchaseWindow: TimeSpan.FromMinutes(10), ChallengeDifficulty: 0),
        [typeof(AdminSaleView)] = new AdminSaleView(
            SaleId, Sale.ProductName, Sale.Price, Sale.Currency, Sale.StockTotal, Sale.StockRemaining, OpensAt, Sale.ClosesAt,
            Sale.Status, OpensAt.AddMinutes(-15), Paused: false, ChallengeDifficulty: 0, TimeSpan.FromHours(1), QueueCapacity: 0,
            TimeSpan.FromMinutes(15), ReleaseRate: 600, MaxActiveShoppers: 2000, TimeSpan.FromMinutes(10),
            new SaleFigures(Queued: 5210, Waiting: 3634, ActivePurchaseTokens: 988, Orders: 588, StockRemaining: 412,
                JoinsPerMinute: 2400, ReleasesPerMinute: 600, OrdersPerMinute: 290, EstimatedWaitForLastSeconds: 363)),
        [typeof(HealthStatusResponse)] = new HealthStatusResponse("Healthy", new Dictionary<string, string>()),
        [typeof(PublishedKeySet)] = new PublishedKeySet(
        [
            new PublishedKey("EC", "P-256", "f83OJ3D2xF1Bg8vub9tLe1gHMzV76e8Tus9uPHvRVEU", "x_FEzRu9m36HLN_tue659LNpXW6pCyStikYjKIWI5a0",
                "pt-2026-12", "sig", "ES256"),
        ]),
    };

    /// <summary>
    /// The refusals each action answers besides those every call of its kind may get (see <see cref="ProblemsOf"/>),
    /// keyed "Controller_Action" like the operation ids.
    /// </summary>
    private static readonly IReadOnlyDictionary<string, Error[]> Refusals = new Dictionary<string, Error[]>
    {
        ["Auth_Register"] = [Invalid(new RegisterValidator(), new RegisterCommand(Username, "short")), DomainErrors.UsernameTaken],
        ["Auth_IssueToken"] = [Invalid(new IssueAccessTokenValidator(), new IssueAccessTokenCommand("", "x", "203.0.113.7")),
            DomainErrors.InvalidCredentials,
            DomainErrors.TooManyLoginAttempts(TimeSpan.FromSeconds(30))],
        ["Health_Ready"] = [new Error(HttpErrorCodes.ServiceUnavailable, "Not ready: database cannot be reached.")],
        ["Orders_Get"] = [DomainErrors.OrderNotFound],
        ["Sales_GetCurrent"] = [DomainErrors.NoSale],
        ["Sales_Get"] = [DomainErrors.SaleNotFound],
        ["Queue_Enter"] = [DomainErrors.SaleNotFound, DomainErrors.SaleNotOpen(OpensAt), DomainErrors.QueueFull, DomainErrors.SoldOut,
            DomainErrors.AlreadyPurchased, DomainErrors.QueuePaused, DomainErrors.SaleClosed,
            DomainErrors.ChallengeRequired(new QueueChallenge("6f1c2a7e.1a2b3c4d.1767031200.q8Zk3w", 18, Now.AddMinutes(5))),
            DomainErrors.QueueUnavailable],
        ["Queue_Challenge"] = [DomainErrors.SaleNotFound],
        ["Queue_Exchange"] = [Invalid(new ExchangeTokenValidator(), new ExchangeTokenCommand(UserId, "")), DomainErrors.InvalidToken,
            DomainErrors.TokenNotYours, DomainErrors.AlreadyPurchased, DomainErrors.SaleClosed, DomainErrors.SoldOut,
            DomainErrors.TokenExpired, DomainErrors.TokenRevoked],
        ["Queue_Leave"] = [DomainErrors.NoSale],
        ["Shop_Purchase"] = [Invalid(new PlaceOrderValidator(), new PlaceOrderCommand(UserId, "")), DomainErrors.InvalidToken,
            DomainErrors.TokenNotYours, DomainErrors.SoldOut, DomainErrors.AlreadyPurchased, DomainErrors.SaleClosed,
            DomainErrors.TokenExpired, DomainErrors.TokenRevoked],
        ["AdminSales_Create"] = [Invalid(new CreateSaleValidator(),
            new CreateSaleCommand("iPhone 11 Pro", 899.00m, "eur", Stock: 0, OpensAt, TimeSpan.FromHours(1)))],
        ["AdminSales_Get"] = [DomainErrors.SaleNotFound],
        ["AdminSales_Edit"] = [Invalid(new EditSaleValidator(), new EditSaleCommand(SaleId, Price: -1m)), DomainErrors.SaleNotFound,
            DomainErrors.SaleClosed, DomainErrors.SaleAlreadyOpen(["price", "opensAt"]), DomainErrors.StockBelowOrders(588)],
        ["AdminSales_Pause"] = [DomainErrors.SaleNotFound, DomainErrors.SaleClosed],
        ["AdminSales_Resume"] = [DomainErrors.SaleNotFound, DomainErrors.SaleClosed],
        ["AdminSales_Close"] = [DomainErrors.SaleNotFound, DomainErrors.SaleClosed],
    };

    /// <summary>
    /// The problem documents an operation answers with this status, one per code: its own refusals, then those of its
    /// kind (no access token on a call that needs one, a shopper's token on an operator's call, too many requests).
    /// </summary>
    internal static IReadOnlyList<ApiProblem> ProblemsOf(string operation, int status, bool needsToken, bool operatorOnly)
    {
        Error?[] common =
        [
            needsToken ? BearerAuthentication.TokenRequired : null,
            operatorOnly ? BearerAuthentication.OperatorOnly : null,
            RateLimits.Refusal(TimeSpan.FromSeconds(2)),
        ];
        return Refusals.GetValueOrDefault(operation, []).Concat(common.OfType<Error>())
            .Select(error => ProblemWriter.ToProblem(error, TraceId))
            .Where(problem => problem.Status == status)
            .DistinctBy(problem => problem.Code)
            .ToList();
    }

    /// <summary>The validation_failed error the API answers for this command: its own validator's messages.</summary>
    private static Error Invalid<TCommand>(IValidator<TCommand> validator, TCommand command) =>
        Error.Validation(FieldErrors.Add(null, validator.Validate(command).Errors));
}
