using FlashPurchase.Domain.Errors;
using Microsoft.AspNetCore.Mvc.Filters;
using Microsoft.AspNetCore.Mvc.Formatters;
using Microsoft.AspNetCore.Mvc.ModelBinding;

namespace FlashPurchase.WebApi.Problems;

/// <summary>
/// Refuses, with 415 unsupported_media_type, a Content-Type that MVC's own media type parser cannot read: a parameter
/// with no value at the end (<c>application/json; charset=</c>) makes it throw while the JSON formatter looks for the
/// charset, which would otherwise be a 500. Only for actions that read a body; a GET ignores its Content-Type.
/// </summary>
[AttributeUsage(AttributeTargets.Class | AttributeTargets.Method, Inherited = true)]
public sealed class ReadableContentTypeAttribute : Attribute, IResourceFilter
{
    public void OnResourceExecuting(ResourceExecutingContext context)
    {
        var contentType = context.HttpContext.Request.ContentType;
        if (string.IsNullOrEmpty(contentType)
            || !context.ActionDescriptor.Parameters.Any(p => p.BindingInfo?.BindingSource == BindingSource.Body))
        {
            return;
        }

        try
        {
            // The very read TextInputFormatter.SelectCharacterEncoding makes.
            _ = new MediaType(contentType).Charset;
        }
        catch (ArgumentException)
        {
            context.Result = new ErrorResult(new Error(HttpErrorCodes.UnsupportedMediaType, "The Content-Type header cannot be read."));
        }
    }

    public void OnResourceExecuted(ResourceExecutedContext context)
    {
    }
}
