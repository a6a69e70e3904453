using FlashPurchase.Application.Abstractions;
using FlashPurchase.Domain.Users;
using FlashPurchase.Infrastructure.Persistence;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace FlashPurchase.Infrastructure.Security;

/// <summary>
/// Creates the operator named by <see cref="AdminOptions"/> at the API's start-up, or promotes that account when it exists
/// and the configured password is its password.
/// </summary>
internal sealed class FirstOperator(
    IOptions<AdminOptions> options, IPasswordHasher hasher, TimeProvider clock, ILogger<FirstOperator> logger)
{
    public async Task EnsureFirstOperatorAsync(FlashPurchaseDbContext db, CancellationToken cancellationToken)
    {
        var o = options.Value;
        if (!o.IsSet)
        {
            return;
        }

        var user = await db.Users.FirstOrDefaultAsync(u => u.Username == o.Username, cancellationToken);
        try
        {
            if (user is null)
            {
                user = User.Register(o.Username!, hasher.Hash(o.Password!), clock.GetUtcNow());
                user.PromoteToAdmin();
                db.Users.Add(user);
                await db.SaveChangesAsync(cancellationToken);
                logger.LogInformation("Created the operator account {Username}", o.Username);
            }
            else if (!user.IsAdmin && hasher.Verify(user.PasswordHash, o.Password!))
            {
                user.PromoteToAdmin();
                await db.SaveChangesAsync(cancellationToken);
                logger.LogInformation("Gave the admin role to the existing account {Username}", o.Username);
            }
            else if (!user.IsAdmin)
            {
                // Anyone may register a username before an operator configures it: only the password proves the
                // account is the operator's, so a configured name alone never makes someone else's account an admin.
                logger.LogError(
                    "The account {Username} exists and Admin:Password is not its password: it was NOT made an operator. " +
                    "Configure another username, or that account's password.", o.Username);
            }
        }
        catch (DbUpdateException e) when (UniqueKeyViolation.Is(e))
        {
            logger.LogInformation("Another process created the operator account {Username} first", o.Username);
        }
        finally
        {
            db.ChangeTracker.Clear();
        }
    }
}
