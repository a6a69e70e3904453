using FlashPurchase.Application.Abstractions;
using FlashPurchase.Domain.Errors;

namespace FlashPurchase.Application.UnitTests.TestDoubles;

/// <summary>Result checks that say which refusal came back instead of "InvalidOperationException: no value".</summary>
public static class ResultAssertions
{
    public static Error ShouldFailWith<T>(this Result<T> result, string code)
    {
        result.IsSuccess.Should().BeFalse($"a {code} refusal was expected, not {(result.IsSuccess ? result.Value : null)}");
        result.Error.Code.Should().Be(code);
        return result.Error;
    }

    public static T ShouldSucceed<T>(this Result<T> result)
    {
        result.IsSuccess.Should().BeTrue($"success was expected, not {(result.IsSuccess ? null : result.Error.Code)}");
        return result.Value;
    }
}
