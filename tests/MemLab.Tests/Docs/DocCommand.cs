using System.Text;
using System.Text.RegularExpressions;

namespace MemLab.Tests.Docs;

/// <summary>
/// A memlab command line shown in a fenced code block of README.md or a page under docs/: where it stands, its text
/// and its arguments as a POSIX shell would split them. <see cref="Find"/> collects them from markdown text: lines
/// whose first word (after environment assignments) is <c>memlab</c> or <c>./memlab</c>, joined across trailing
/// backslashes, cut at an unquoted <c>#</c>, <c>|</c>, <c>;</c>, <c>&amp;&amp;</c> or redirection. A code block right
/// after the line <c>&lt;!-- docs-test: run --&gt;</c> is marked <see cref="Runnable"/>: its commands are cheap
/// and are run, in order, by the docs tests; one right after <c>&lt;!-- docs-test: refused --&gt;</c> shows a usage error
/// and is marked <see cref="Refused"/>: its commands must not parse.
/// </summary>
internal sealed record DocCommand(string File, int Line, string Text, IReadOnlyList<string> Arguments, bool Runnable, int Block, bool Refused = false)
{
    public const string RunMarker = "<!-- docs-test: run -->";
    public const string RefusedMarker = "<!-- docs-test: refused -->";

    /// <summary>Where the command stands, as <c>file:line</c>.</summary>
    public string Location => $"{File}:{Line}";

    private static readonly Regex Fence = new(@"^\s*(```|~~~)");
    private static readonly Regex Assignment = new(@"^[A-Za-z_][A-Za-z0-9_]*=");

    /// <summary>Every memlab command in the code blocks of <paramref name="markdown"/>, numbered by line from 1.</summary>
    public static IReadOnlyList<DocCommand> Find(string file, string markdown)
    {
        var commands = new List<DocCommand>();
        string[] lines = markdown.Replace("\r\n", "\n").Split('\n');
        bool inBlock = false, runnable = false, refused = false, previousWasMarker = false, previousWasRefused = false;
        int block = 0;
        for (int i = 0; i < lines.Length; i++)
        {
            string line = lines[i];
            if (Fence.IsMatch(line))
            {
                inBlock = !inBlock;
                if (inBlock)
                {
                    block++;
                    runnable = previousWasMarker;
                    refused = previousWasRefused;
                }
                previousWasMarker = previousWasRefused = false;
                continue;
            }
            if (!inBlock)
            {
                if (line.Trim().Length > 0)
                {
                    previousWasMarker = line.Trim() == RunMarker;
                    previousWasRefused = line.Trim() == RefusedMarker;
                }
                continue;
            }

            int start = i;
            var text = new StringBuilder(line.TrimEnd());
            while (text.Length > 0 && text[^1] == '\\' && i + 1 < lines.Length && !Fence.IsMatch(lines[i + 1]))
            {
                text.Length--;
                text.Append(' ').Append(lines[++i].Trim());
            }
            string joined = text.ToString().Trim();
            if (joined.StartsWith("$ ", StringComparison.Ordinal)) joined = joined[2..];
            var words = ShellWords(joined);
            int first = 0;
            while (first < words.Count && Assignment.IsMatch(words[first])) first++;
            if (first < words.Count && words[first] is "memlab" or "./memlab")
                commands.Add(new DocCommand(file, start + 1, joined, words.Skip(first + 1).ToList(), runnable, block, refused));
        }
        return commands;
    }

    /// <summary>
    /// Splits a command line into words as a POSIX shell does for the cases docs use: single and double quotes,
    /// backslash escapes; stops at an unquoted comment, pipe, command separator or redirection.
    /// </summary>
    public static List<string> ShellWords(string line)
    {
        var words = new List<string>();
        var word = new StringBuilder();
        bool inWord = false;
        for (int i = 0; i < line.Length; i++)
        {
            char c = line[i];
            if (char.IsWhiteSpace(c))
            {
                if (inWord) words.Add(word.ToString());
                word.Clear();
                inWord = false;
                continue;
            }
            if (!inWord && (c is '#' or '|' or ';' or '>' or '<' || (c == '&' && i + 1 < line.Length && line[i + 1] == '&'))) break;
            inWord = true;
            if (c == '\'')
            {
                int end = line.IndexOf('\'', i + 1);
                if (end < 0) end = line.Length;
                word.Append(line, i + 1, end - i - 1);
                i = end;
            }
            else if (c == '"')
            {
                for (i++; i < line.Length && line[i] != '"'; i++)
                {
                    if (line[i] == '\\' && i + 1 < line.Length && line[i + 1] is '"' or '\\' or '$' or '`') i++;
                    word.Append(line[i]);
                }
            }
            else if (c == '\\' && i + 1 < line.Length) word.Append(line[++i]);
            else word.Append(c);
        }
        if (inWord) words.Add(word.ToString());
        return words;
    }
}
