namespace FlashPurchase.WebApi.Problems;

/// <summary>
/// The codes of failures that only the HTTP layer answers (no use case refuses this way): extensions of the contract
/// for failures it does not name (it forbids only renaming). The refusals' own codes are in
/// <see cref="Domain.Errors.ErrorCodes"/>.
/// </summary>
public static class HttpErrorCodes
{
    public const string MethodNotAllowed = "method_not_allowed";
    public const string PayloadTooLarge = "payload_too_large";
    public const string UnsupportedMediaType = "unsupported_media_type";
    public const string ServiceUnavailable = "service_unavailable";
    public const string InternalError = "internal_error";
}
