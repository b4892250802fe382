using System.Security.Cryptography;
using System.Text;
using System.Text.Json.Nodes;

namespace Joy.Domain.Asl;

/// <summary>
/// What an expression is evaluated against: the state's (effective) input, the <c>$$</c> context
/// object, and a seed that makes <c>States.UUID()</c> deterministic, so replaying a decision
/// yields the same values.
/// </summary>
public sealed class AslScope(JsonNode? input, Func<JsonNode?> context, string seed = "")
{
    private readonly Lazy<JsonNode?> _context = new(context);
    private int _uuids;

    public AslScope(JsonNode? input, JsonNode? context, string seed = "")
        : this(input, () => context, seed)
    {
    }

    public JsonNode? Input { get; } = input;

    /// <summary>Built on first use: most expressions never read <c>$$</c>, and it copies the execution input.</summary>
    public JsonNode? Context => _context.Value;

    public string NextUuid() => DeterministicId.From(seed, "uuid", (++_uuids).ToString(System.Globalization.CultureInfo.InvariantCulture));
}

/// <summary>Name-based ids (a SHA-256 of the parts, shaped as a GUID): same parts, same id.</summary>
public static class DeterministicId
{
    public static string From(params string[] parts)
    {
        var hash = SHA256.HashData(Encoding.UTF8.GetBytes(string.Join('\u001f', parts)));
        hash[6] = (byte)((hash[6] & 0x0F) | 0x50);
        hash[8] = (byte)((hash[8] & 0x3F) | 0x80);
        return new Guid(hash.AsSpan(0, 16), bigEndian: true).ToString();
    }
}
