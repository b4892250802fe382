using System.Buffers;
using System.Reflection;
using System.Text.Json;
using Joy.Application.Blobs;
using Microsoft.AspNetCore.Http.Metadata;

namespace Joy.Web.Blobs;

/// <summary>
/// The original JSON form of a blob, <see cref="BlobResponse"/>, written straight to the response:
/// the body is base64-encoded chunk by chunk as it streams out of the store, so a large blob is
/// never held in memory as bytes or as a base64 string.
/// </summary>
public sealed class BlobJsonResult(BlobInfo info, IBlobStore store) : IResult, IEndpointMetadataProvider
{
    // A multiple of 3, so every segment but the last encodes to whole base64 quanta.
    private const int SegmentBytes = 3 * 16 * 1024;

    public async Task ExecuteAsync(HttpContext httpContext)
    {
        var cancellationToken = httpContext.RequestAborted;
        var response = httpContext.Response;
        response.StatusCode = StatusCodes.Status200OK;
        response.ContentType = "application/json; charset=utf-8";

        await using var content = await store.OpenReadAsync(info.Id, cancellationToken: cancellationToken);
        await using var writer = new Utf8JsonWriter(response.BodyWriter);
        writer.WriteStartObject();
        writer.WriteString("id", info.Id);
        writer.WriteNumber("size", info.Size);
        writer.WriteString("remark", info.Remark);
        if (info.TimeStamp is { } timeStamp)
        {
            writer.WriteNumber("timeStamp", timeStamp);
        }
        else
        {
            writer.WriteNull("timeStamp");
        }

        writer.WriteString("createdAt", info.CreatedAt);
        writer.WritePropertyName("body");

        var buffer = ArrayPool<byte>.Shared.Rent(SegmentBytes);
        try
        {
            while (true)
            {
                var read = await content.ReadAtLeastAsync(buffer.AsMemory(0, SegmentBytes), SegmentBytes, throwOnEndOfStream: false, cancellationToken);
                writer.WriteBase64StringSegment(buffer.AsSpan(0, read), isFinalSegment: read < SegmentBytes);
                await writer.FlushAsync(cancellationToken);
                await response.BodyWriter.FlushAsync(cancellationToken);
                if (read < SegmentBytes)
                {
                    break;
                }
            }
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(buffer);
        }

        writer.WriteEndObject();
        await writer.FlushAsync(cancellationToken);
    }

    public static void PopulateMetadata(MethodInfo method, EndpointBuilder builder) =>
        builder.Metadata.Add(new ProducesResponseTypeMetadata(StatusCodes.Status200OK, typeof(BlobResponse), ["application/json"]));
}
