namespace Joy.Application.Blobs;

/// <summary>
/// A blob's id: the lowercase hex SHA-256 of its (decompressed) bytes, 64 characters.
/// </summary>
public static class BlobId
{
    public const int Length = 64;

    public const string FormatDescription = "a blob id is the lowercase hex SHA-256 of the content: 64 characters 0-9a-f";

    public static bool IsValid(string? id)
    {
        if (id is null || id.Length != Length)
        {
            return false;
        }

        foreach (var c in id)
        {
            if (!char.IsAsciiDigit(c) && c is < 'a' or > 'f')
            {
                return false;
            }
        }

        return true;
    }

    /// <summary>Throws <see cref="InvalidBlobIdException"/> unless <paramref name="id"/> is well formed.</summary>
    public static string Validate(string? id) => IsValid(id) ? id! : throw new InvalidBlobIdException(id);
}
