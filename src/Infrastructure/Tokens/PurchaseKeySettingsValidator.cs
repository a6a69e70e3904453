using Microsoft.Extensions.Options;

namespace FlashPurchase.Infrastructure.Tokens;

/// <summary>Refuses at start-up, with a sentence naming the setting, purchase keys that could not sign or verify.</summary>
internal sealed class PurchaseKeySettingsValidator(bool allowDevelopmentKey) : IValidateOptions<TokenOptions>
{
    public ValidateOptionsResult Validate(string? name, TokenOptions options)
    {
        var problems = PurchaseKeys.Problems(options, allowDevelopmentKey).ToList();
        return problems.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(problems);
    }
}
