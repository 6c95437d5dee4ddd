// Not in the C: the message of a KKASSERT, built only when the assertion fails (an interpolated string handler).
using System.Runtime.CompilerServices;

namespace Workbench.Kernel.Sys;

/// <summary>Not in the C: an interpolated <c>KKASSERT</c> message that appends nothing while the condition holds.</summary>
[InterpolatedStringHandler]
public ref struct KassertMessage
{
    DefaultInterpolatedStringHandler _text;

    public KassertMessage(int literalLength, int formattedCount, bool cond, out bool shouldAppend)
    {
        shouldAppend = !cond;
        _text = shouldAppend ? new DefaultInterpolatedStringHandler(literalLength, formattedCount) : default;
    }

    public void AppendLiteral(string value) => _text.AppendLiteral(value);

    public void AppendFormatted<T>(T value) => _text.AppendFormatted(value);

    public void AppendFormatted<T>(T value, string? format) => _text.AppendFormatted(value, format);

    /// <summary>The message (only called when the condition was false).</summary>
    public string ToStringAndClear() => _text.ToStringAndClear();
}
