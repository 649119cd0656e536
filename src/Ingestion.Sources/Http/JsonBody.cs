using System.Numerics;
using System.Runtime.Intrinsics;

namespace Ingestion.Sources.Http;

/// <summary>
/// Checks, before any row of a page is parsed, that its body is one whole JSON document: not cut short, not an HTML error
/// page served with 200, nothing after the document. A body that fails is fetched again inside its request's retries,
/// which the streaming parser cannot do once it has yielded rows. The check is structural — strings (with their
/// escapes) and brackets, 64 bytes at a time with vector compares, as simdjson finds them — because a tokenizing pass
/// cost 16 % of a first publish's client CPU; what it leaves out (a malformed value inside a well-bracketed document)
/// the parser still rejects, failing the run rather than retrying a page that would come back the same.
/// </summary>
internal static class JsonBody
{
    private const int Block = 64;
    private const ulong EvenBits = 0x5555_5555_5555_5555UL;

    private static ReadOnlySpan<byte> Whitespace => " \t\r\n"u8;

    public static string? Problem(ReadOnlySpan<byte> body)
    {
        var start = body.IndexOfAnyExcept(Whitespace);
        if (start < 0)
        {
            return "empty body";
        }

        if (body[start] is not ((byte)'{' or (byte)'['))
        {
            return $"not JSON: it begins with '{(char)body[start]}' at byte {start}, not with '{{' or '['";
        }

        var scan = new Scan();
        Span<byte> tail = stackalloc byte[Block];
        for (var offset = 0; offset < body.Length; offset += Block)
        {
            var block = body.Length - offset >= Block ? body.Slice(offset, Block) : Padded(body[offset..], tail);
            if (scan.Next(block, offset) is { } end)
            {
                return body[(end + 1)..].IndexOfAnyExcept(Whitespace) >= 0
                    ? $"not one JSON document: more follows the document that ends at byte {end + 1} of {body.Length}"
                    : null;
            }
        }

        return scan.InString
            ? $"not complete JSON: cut short inside a string after {body.Length} bytes"
            : $"not complete JSON: cut short with {scan.Depth} brackets open after {body.Length} bytes";
    }

    private static ReadOnlySpan<byte> Padded(ReadOnlySpan<byte> rest, Span<byte> tail)
    {
        tail.Fill((byte)' ');
        rest.CopyTo(tail);
        return tail;
    }

    /// <summary>The state carried from one block to the next.</summary>
    private struct Scan
    {
        private ulong _escapedCarry; // the next block's first byte is escaped by a backslash at the end of this one
        private ulong _inStringCarry; // all ones while a string continues into the next block

        public int Depth { get; private set; }

        public readonly bool InString => _inStringCarry != 0;

        /// <summary>The index in the body where the document's outermost bracket closes, if it is in this block.</summary>
        public int? Next(ReadOnlySpan<byte> block, int offset)
        {
            var (quoteBytes, backslashes, openBytes, closeBytes) = Classify(block);
            var quotes = quoteBytes & ~Escaped(backslashes);
            var inString = PrefixXor(quotes) ^ _inStringCarry;
            _inStringCarry = (ulong)((long)inString >> 63);
            var opens = openBytes & ~inString;
            var closes = closeBytes & ~inString;
            if (Depth - BitOperations.PopCount(closes) > 0)
            {
                Depth += BitOperations.PopCount(opens) - BitOperations.PopCount(closes);
                return null;
            }

            // The depth may reach zero in this block: walk its brackets in order to find where.
            for (var brackets = opens | closes; brackets != 0; brackets &= brackets - 1)
            {
                var bit = BitOperations.TrailingZeroCount(brackets);
                Depth += (opens >> bit & 1) != 0 ? 1 : -1;
                if (Depth == 0)
                {
                    return offset + bit;
                }
            }

            return null;
        }

        /// <summary>The bytes escaped by a backslash: after each run of backslashes of odd length (simdjson's method).</summary>
        private ulong Escaped(ulong backslashes)
        {
            backslashes &= ~_escapedCarry;
            var followsEscape = backslashes << 1 | _escapedCarry;
            var oddStarts = backslashes & ~EvenBits & ~followsEscape;
            var sum = oddStarts + backslashes;
            _escapedCarry = sum < oddStarts ? 1UL : 0UL;
            return (EvenBits ^ (sum << 1)) & followsEscape;
        }

        private static ulong PrefixXor(ulong bits)
        {
            bits ^= bits << 1;
            bits ^= bits << 2;
            bits ^= bits << 4;
            bits ^= bits << 8;
            bits ^= bits << 16;
            return bits ^ bits << 32;
        }

        /// <summary>One bit per byte of the block: quotes, backslashes, opening and closing brackets.</summary>
        private static (ulong Quotes, ulong Backslashes, ulong Opens, ulong Closes) Classify(ReadOnlySpan<byte> block)
        {
            ulong quotes = 0, backslashes = 0, opens = 0, closes = 0;
            for (var i = 0; i < Block; i += Vector128<byte>.Count)
            {
                var bytes = Vector128.Create(block.Slice(i, Vector128<byte>.Count));
                // '{' 0x7B and '[' 0x5B (and '}' 0x7D, ']' 0x5D) are the only bytes that OR 0x20 makes 0x7B (0x7D).
                var folded = bytes | Vector128.Create((byte)0x20);
                quotes |= (ulong)Vector128.Equals(bytes, Vector128.Create((byte)'"')).ExtractMostSignificantBits() << i;
                backslashes |= (ulong)Vector128.Equals(bytes, Vector128.Create((byte)'\\')).ExtractMostSignificantBits() << i;
                opens |= (ulong)Vector128.Equals(folded, Vector128.Create((byte)'{')).ExtractMostSignificantBits() << i;
                closes |= (ulong)Vector128.Equals(folded, Vector128.Create((byte)'}')).ExtractMostSignificantBits() << i;
            }

            return (quotes, backslashes, opens, closes);
        }
    }
}
