using FlashPurchase.Application.Accounts.IssueAccessToken;
using FluentValidation.TestHelper;

namespace FlashPurchase.Application.UnitTests.Accounts.IssueAccessToken;

public sealed class IssueAccessTokenValidatorTests
{
    private readonly IssueAccessTokenValidator _validator = new();

    [Fact]
    public void Validate_AcceptsACommandWithItsClientAddress() =>
        _validator.TestValidate(new IssueAccessTokenCommand("alice", "correct horse", "203.0.113.9")).ShouldNotHaveAnyValidationErrors();

    // Without an address every such login would count against one shared "address" and hold back strangers.
    [Theory]
    [InlineData("")]
    [InlineData(" ")]
    public void Validate_RefusesACommandWithoutAClientAddress(string address) =>
        _validator.TestValidate(new IssueAccessTokenCommand("alice", "correct horse", address))
            .ShouldHaveValidationErrorFor(c => c.ClientAddress);
}
