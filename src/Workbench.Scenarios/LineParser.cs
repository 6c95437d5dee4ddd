// Parser of one scenario line (see Script.cs for the grammar). Hand-written, one character of lookahead.
using System.Globalization;
using Workbench.Kernel.Sys;

using Workbench.Kernel.Kern;

namespace Workbench.Scenarios;

sealed class LineParser(string file, int line, string text)
{
    int _pos;

    ScriptException Error(string why) => new(file, line, why);

    public ScriptEvent? Parse()
    {
        SkipWs();
        if (AtEnd || Peek == '#') return null;

        ThreadRef? thread = null;
        if (Peek == '[') thread = ParseThread();

        string? bind = null;
        int save = _pos;
        var word = ParseWord();
        SkipWs();
        if (word is not null && IsBinding(word) && Peek == '=')
        {
            _pos++;
            bind = word;
            SkipWs();
            word = ParseWord();
        }
        else if (word is null)
        {
            throw Error($"expected a call, found '{Rest}'");
        }
        else
        {
            _pos = save;
            word = ParseWord();
        }
        if (word is null) throw Error("expected a call after the binding");
        var spec = Sysent.Find(word) ?? throw Error($"unknown call '{word}' (known: {string.Join(", ", Sysent.All.Select(c => c.Name))})");
        var fields = spec.Visible;
        SkipWs();
        Expect('(');
        var args = ParseArgs();
        if (args.Count < spec.MinArgs || args.Count > fields.Count)
            throw Error(spec.MinArgs == fields.Count
                ? $"{spec.Name} takes {fields.Count} argument(s), got {args.Count}"
                : $"{spec.Name} takes {spec.MinArgs} to {fields.Count} arguments, got {args.Count}");
        for (int i = 0; i < args.Count; i++)
            if ((fields[i].Format == ArgFormat.Str) != (args[i] is Arg.Text))
                throw Error($"{spec.Name}: argument {i + 1} ({fields[i].Name}) must be {(fields[i].Format == ArgFormat.Str ? "a quoted string" : "a number, constant or bound name")}");
        SkipWs();
        Expectation? expect = null;
        if (!AtEnd && Peek == '=')
        {
            _pos++;
            SkipWs();
            expect = ParseExpectation();
        }
        SkipWs();
        if (!AtEnd && Peek != '#') throw Error($"unexpected text '{Rest}'");
        return new ScriptEvent(line, thread, bind, spec, args, expect, text.Trim());
    }

    static bool IsBinding(string w) => w.Length > 1 && w[0] == 'r' && w.Skip(1).All(char.IsAsciiDigit);

    ThreadRef ParseThread()
    {
        Expect('[');
        SkipWs();
        var kw = ParseWord();
        if (kw != "pid") throw Error("a thread prefix is written [pid N]");
        SkipWs();
        ThreadRef t;
        if (!AtEnd && char.IsAsciiDigit(Peek))
        {
            int start = _pos;
            long tid = ParseInteger();
            if (tid > int.MaxValue)
                throw Error($"[pid {text[start.._pos]}]: a thread id is at most {int.MaxValue} (lwp_tid is an int)");
            t = new ThreadRef((int)tid, null);
        }
        else
        {
            var name = ParseWord() ?? throw Error("[pid N]: N must be a thread id or a bound name");
            if (!IsBinding(name)) throw Error($"[pid {name}]: N must be a thread id or a bound name like r2");
            t = new ThreadRef(null, name);
        }
        SkipWs();
        Expect(']');
        SkipWs();
        return t;
    }

    List<Arg> ParseArgs()
    {
        var args = new List<Arg>();
        SkipWs();
        if (!AtEnd && Peek == ')') { _pos++; return args; }
        while (true)
        {
            SkipWs();
            args.Add(ParseArg());
            SkipWs();
            if (AtEnd) throw Error("missing ')'");
            if (Peek == ',') { _pos++; continue; }
            if (Peek == ')') { _pos++; return args; }
            throw Error($"expected ',' or ')' at '{Rest}'");
        }
    }

    Arg ParseArg()
    {
        if (AtEnd) throw Error("missing argument");
        if (Peek == '"') return new Arg.Text(ParseString());
        long acc = 0;
        string? bound = null;
        bool first = true;
        // term ('|' term)* for constants and numbers; name ('+'|'-') number for bound names.
        while (true)
        {
            SkipWs();
            if (!AtEnd && (char.IsAsciiDigit(Peek) || Peek == '-'))
                acc |= ParseInteger();
            else
            {
                var w = ParseWord() ?? throw Error($"bad argument at '{Rest}'");
                if (w == "NULL") { }
                else if (Symbols.TryGet(w, out var v)) acc |= v;
                else if (IsBinding(w) && first) bound = w;
                else throw Error($"unknown constant or name '{w}'");
            }
            SkipWs();
            first = false;
            if (bound is not null)
            {
                if (!AtEnd && (Peek == '+' || Peek == '-'))
                {
                    bool neg = Peek == '-';
                    _pos++;
                    SkipWs();
                    int start = _pos;
                    long off = ParseInteger();
                    if (neg && off == long.MinValue)
                        throw Error($"offset '-{text[start.._pos]}' is out of range (a 64-bit value)");
                    return new Arg.Bound(bound, neg ? -off : off);
                }
                return new Arg.Bound(bound, 0);
            }
            if (!AtEnd && Peek == '|') { _pos++; continue; }
            return new Arg.Num(acc);
        }
    }

    Expectation ParseExpectation()
    {
        if (AtEnd) throw Error("missing expected result after '='");
        if (Peek == '?') { _pos++; return new Expectation.Unchecked(); }
        int save = _pos;
        var w = ParseWord();
        if (w == "EJUSTRETURN") return new Expectation.JustReturn();
        _pos = save;
        if (text.AsSpan(_pos).StartsWith("-1") && _pos + 2 < text.Length && char.IsWhiteSpace(text[_pos + 2]))
        {
            _pos += 2;
            SkipWs();
            var name = ParseWord() ?? throw Error("expected an errno name after -1");
            if (!Errno.TryParse(name, out int errno)) throw Error($"unknown errno '{name}'");
            SkipWs();
            if (!AtEnd && Peek == '(')
            {
                int close = text.IndexOf(')', _pos);
                if (close < 0) throw Error("missing ')' after the errno message");
                _pos = close + 1;
            }
            return new Expectation.Error(errno, name);
        }
        return new Expectation.Value(ParseArg());
    }

    /// <summary>
    /// A 64-bit register value: 0 to 0xffffffffffffffff (18446744073709551615) written as an unsigned number, or
    /// -9223372036854775808 to -1 written negative. Anything beyond is an error, never wrapped.
    /// </summary>
    long ParseInteger()
    {
        int start = _pos;
        bool neg = false;
        if (Peek == '-') { neg = true; _pos++; }
        bool hex = text.AsSpan(_pos).StartsWith("0x") || text.AsSpan(_pos).StartsWith("0X");
        if (hex) _pos += 2;
        int s = _pos;
        while (!AtEnd && (hex ? char.IsAsciiHexDigit(Peek) : char.IsAsciiDigit(Peek))) _pos++;
        if (!AtEnd && (char.IsAsciiLetterOrDigit(Peek) || Peek == '_'))
            throw Error($"bad number '{text[start..(_pos + 1)]}'");
        if (_pos == s)
            throw Error($"bad {(hex ? "hex " : "")}number '{text[start.._pos]}'");
        var styles = hex ? NumberStyles.AllowHexSpecifier : NumberStyles.None;
        if (!ulong.TryParse(text.AsSpan(s, _pos - s), styles, CultureInfo.InvariantCulture, out var v) || (neg && v > 1UL << 63))
            throw Error($"number '{text[start.._pos]}' is out of range (a 64-bit value: -9223372036854775808 to 0xffffffffffffffff)");
        return neg ? (long)(0 - v) : (long)v;
    }

    string ParseString()
    {
        Expect('"');
        var sb = new System.Text.StringBuilder();
        while (true)
        {
            if (AtEnd) throw Error("unterminated string");
            char c = text[_pos++];
            if (c == '"') return sb.ToString();
            if (c == '\\')
            {
                if (AtEnd) throw Error("unterminated string");
                char e = text[_pos++];
                sb.Append(e switch { 'n' => '\n', 't' => '\t', _ => e });
            }
            else sb.Append(c);
        }
    }

    string? ParseWord()
    {
        int s = _pos;
        while (!AtEnd && (char.IsAsciiLetterOrDigit(Peek) || Peek == '_') && (_pos > s || !char.IsAsciiDigit(Peek))) _pos++;
        return _pos > s ? text[s.._pos] : null;
    }

    void Expect(char c)
    {
        if (AtEnd || Peek != c) throw Error($"expected '{c}' at '{Rest}'");
        _pos++;
    }

    void SkipWs() { while (!AtEnd && char.IsWhiteSpace(Peek)) _pos++; }

    bool AtEnd => _pos >= text.Length;
    char Peek => text[_pos];
    string Rest => AtEnd ? "end of line" : text[_pos..].TrimEnd();
}
