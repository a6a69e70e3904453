using FlashPurchase.Application.Abstractions;
using FlashPurchase.Domain.Errors;
using FlashPurchase.Domain.Users;
using FlashPurchase.Infrastructure.Tokens;
using FlashPurchase.WebApi.Problems;
using Microsoft.AspNetCore.Authentication.JwtBearer;

namespace FlashPurchase.WebApi.Authentication;

public static class BearerAuthentication
{
    /// <summary>The policy of every <c>/api/admin/*</c> call: an access token with the admin role.</summary>
    public const string OperatorPolicy = "Operator";

    /// <summary>The answer to a call without a valid access token (401).</summary>
    public static readonly Error TokenRequired =
        new(ErrorCodes.Unauthorized, "A valid access token is required: log in and send it as 'Authorization: Bearer <token>'.");

    /// <summary>The answer to a shopper's token on an operator's call (403).</summary>
    public static readonly Error OperatorOnly = new(ErrorCodes.Forbidden, "Only an operator (an account with the admin role) may do this.");

    public static IServiceCollection AddBearerAuthentication(this IServiceCollection services)
    {
        services.AddAuthentication(JwtBearerDefaults.AuthenticationScheme).AddJwtBearer();
        services.AddOptions<JwtBearerOptions>(JwtBearerDefaults.AuthenticationScheme)
            .Configure<TokenValidation>((options, validation) =>
            {
                // Only access tokens: queue and purchase tokens have other audiences and types.
                options.TokenValidationParameters = validation.For(TokenKind.Access);
                options.MapInboundClaims = false;
                options.Events = new JwtBearerEvents
                {
                    // The server names the shopper by id in every access token it signs; a well-signed token that
                    // names none is a forgery, refused like any other (else reading the id would throw: a 500).
                    OnTokenValidated = context =>
                    {
                        if (context.Principal is not { } principal || !principal.TryGetUserId(out _))
                        {
                            context.Fail("The access token names no shopper.");
                        }

                        return Task.CompletedTask;
                    },
                    OnChallenge = async context =>
                    {
                        context.HandleResponse();
                        await ProblemWriter.WriteAsync(context.HttpContext, TokenRequired);
                    },
                    OnForbidden = context => ProblemWriter.WriteAsync(context.HttpContext, OperatorOnly),
                };
            });
        services.AddAuthorization(options => options.AddPolicy(OperatorPolicy, policy => policy.RequireRole(Roles.Admin)));
        return services;
    }
}
