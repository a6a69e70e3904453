using System.Globalization;
using System.Text;
using System.Text.Json;

namespace FlashPurchase.Bench;

/// <summary>
/// Draws a scenario's timeline (requests started per second, and the p50 and p99 latency of those requests) as an SVG
/// image: two panels over the same time axis, written by hand so the benchmark needs no charting package.
/// </summary>
public static class Chart
{
    private const int Width = 760;
    private const int PanelHeight = 150;
    private const int Left = 70;
    private const int Right = 20;
    private const int Top = 46;
    private const int Gap = 45;

    /// <param name="timeline">The <c>timeline</c> array of a scenario's request summary: <c>{at, requests, p50Ms, p99Ms}</c>.</param>
    public static string Svg(string title, JsonElement timeline)
    {
        var seconds = timeline.EnumerateArray()
            .Select(s => (At: s.GetProperty("at").GetInt32(), Requests: s.GetProperty("requests").GetInt32(),
                P50: s.GetProperty("p50Ms").GetDouble(), P99: s.GetProperty("p99Ms").GetDouble()))
            .ToList();
        var svg = new StringBuilder();
        var height = Top + (2 * PanelHeight) + Gap + 40;
        svg.Append(Invariant($"<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"{Width}\" height=\"{height}\" font-family=\"sans-serif\" font-size=\"11\">"));
        svg.Append(Invariant($"<rect width=\"{Width}\" height=\"{height}\" fill=\"white\"/>"));
        svg.Append(Invariant($"<text x=\"{Left}\" y=\"18\" font-size=\"14\" font-weight=\"bold\">{Escape(title)}</text>"));
        if (seconds.Count == 0)
        {
            return svg.Append("</svg>").ToString();
        }

        var lastSecond = Math.Max(1, seconds.Max(s => s.At) + 1);
        double X(double at) => Left + (at / lastSecond * (Width - Left - Right));

        // Panel 1: requests started per second (bars), linear scale.
        var maxRequests = NiceCeiling(seconds.Max(s => s.Requests));
        var top1 = Top;
        Axes(svg, top1, "requests started / s", maxRequests, v => v.ToString("N0", CultureInfo.InvariantCulture), log: false);
        var barWidth = Math.Max(1, ((Width - Left - Right) / (double)lastSecond) - 1);
        foreach (var s in seconds)
        {
            var h = s.Requests / maxRequests * PanelHeight;
            svg.Append(Invariant($"<rect x=\"{X(s.At):F1}\" y=\"{top1 + PanelHeight - h:F1}\" width=\"{barWidth:F1}\" height=\"{h:F1}\" fill=\"#4878a8\"/>"));
        }

        // Panel 2: latency of the requests started in each second, p50 and p99, log scale (they span orders of magnitude).
        var top2 = Top + PanelHeight + Gap;
        var maxLatency = Math.Pow(10, Math.Ceiling(Math.Log10(Math.Max(10, seconds.Max(s => s.P99)))));
        Axes(svg, top2, "latency ms (log)", maxLatency, v => v.ToString("N0", CultureInfo.InvariantCulture), log: true);
        double Y(double ms) => top2 + PanelHeight - (Math.Log10(Math.Max(1, ms)) / Math.Log10(maxLatency) * PanelHeight);
        Line(svg, seconds.Select(s => (X(s.At + 0.5), Y(s.P50))), "#2a9d5c");
        Line(svg, seconds.Select(s => (X(s.At + 0.5), Y(s.P99))), "#d0503c");
        svg.Append(Invariant($"<text x=\"{Width - 150}\" y=\"{top2 - 6}\" fill=\"#2a9d5c\">p50</text>"));
        svg.Append(Invariant($"<text x=\"{Width - 110}\" y=\"{top2 - 6}\" fill=\"#d0503c\">p99</text>"));

        // Time axis, under the second panel.
        var step = Math.Max(1, (int)NiceCeiling(lastSecond / 10.0));
        for (var t = 0; t <= lastSecond; t += step)
        {
            svg.Append(Invariant($"<text x=\"{X(t):F1}\" y=\"{top2 + PanelHeight + 15}\" text-anchor=\"middle\">{t}</text>"));
        }

        svg.Append(Invariant($"<text x=\"{(Left + Width - Right) / 2}\" y=\"{top2 + PanelHeight + 32}\" text-anchor=\"middle\">seconds since the scenario started</text>"));
        return svg.Append("</svg>").ToString();
    }

    /// <summary>One panel of <see cref="SmallMultiples"/>: a y-axis label and its lines, each (name, colour, points in seconds).</summary>
    public sealed record Panel(string Label, IReadOnlyList<(string Name, string Colour, IReadOnlyList<(double At, double Value)> Points)> Lines);

    /// <summary>
    /// Panels stacked over one time axis (minutes), each with its own linear scale from zero, and the given spans of
    /// seconds shaded across all of them (the soak's warm-up and the two windows it compares).
    /// </summary>
    public static string SmallMultiples(string title, double lastSecond, IReadOnlyList<Panel> panels, IReadOnlyList<(double From, double To, string Colour)> spans)
    {
        var svg = new StringBuilder();
        var height = Top + (panels.Count * (PanelHeight + Gap)) + 10;
        svg.Append(Invariant($"<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"{Width}\" height=\"{height}\" font-family=\"sans-serif\" font-size=\"11\">"));
        svg.Append(Invariant($"<rect width=\"{Width}\" height=\"{height}\" fill=\"white\"/>"));
        svg.Append(Invariant($"<text x=\"{Left}\" y=\"18\" font-size=\"14\" font-weight=\"bold\">{Escape(title)}</text>"));
        lastSecond = Math.Max(1, lastSecond);
        double X(double at) => Left + (at / lastSecond * (Width - Left - Right));
        var minuteStep = Math.Max(1, (int)NiceCeiling(lastSecond / 60 / 10));
        for (var i = 0; i < panels.Count; i++)
        {
            var top = Top + (i * (PanelHeight + Gap));
            foreach (var (from, to, colour) in spans)
            {
                svg.Append(Invariant($"<rect x=\"{X(from):F1}\" y=\"{top}\" width=\"{X(to) - X(from):F1}\" height=\"{PanelHeight}\" fill=\"{colour}\"/>"));
            }

            var values = panels[i].Lines.SelectMany(l => l.Points).Select(p => p.Value).DefaultIfEmpty(0).ToList();
            var max = NiceCeiling(values.Max() * 1.1);
            Axes(svg, top, Escape(panels[i].Label), max, v => v.ToString(max < 10 ? "N1" : "N0", CultureInfo.InvariantCulture), log: false);
            var legendX = Width - Right;
            foreach (var (name, colour, points) in panels[i].Lines.Reverse())
            {
                svg.Append(Invariant($"<text x=\"{legendX}\" y=\"{top - 6}\" text-anchor=\"end\" fill=\"{colour}\">{Escape(name)}</text>"));
                legendX -= (name.Length * 6) + 12;
                Line(svg, points.Select(p => (X(p.At), top + PanelHeight - (p.Value / max * PanelHeight))), colour);
            }

            for (var minute = 0; minute * 60 <= lastSecond; minute += minuteStep)
            {
                svg.Append(Invariant($"<text x=\"{X(minute * 60):F1}\" y=\"{top + PanelHeight + 13}\" text-anchor=\"middle\">{minute}</text>"));
            }
        }

        svg.Append(Invariant($"<text x=\"{(Left + Width - Right) / 2}\" y=\"{height - 4}\" text-anchor=\"middle\">minutes since the load started</text>"));
        return svg.Append("</svg>").ToString();
    }

    private static void Axes(StringBuilder svg, int top, string label, double max, Func<double, string> format, bool log)
    {
        svg.Append(Invariant($"<text x=\"{Left}\" y=\"{top - 6}\">{label}</text>"));
        svg.Append(Invariant($"<line x1=\"{Left}\" y1=\"{top}\" x2=\"{Left}\" y2=\"{top + PanelHeight}\" stroke=\"#444\"/>"));
        svg.Append(Invariant($"<line x1=\"{Left}\" y1=\"{top + PanelHeight}\" x2=\"{Width - Right}\" y2=\"{top + PanelHeight}\" stroke=\"#444\"/>"));
        var ticks = log
            ? Enumerable.Range(0, (int)Math.Log10(max) + 1).Select(e => Math.Pow(10, e))
            : Enumerable.Range(0, 5).Select(i => max * i / 4);
        foreach (var value in ticks)
        {
            var y = log ? top + PanelHeight - (Math.Log10(value) / Math.Log10(max) * PanelHeight) : top + PanelHeight - (value / max * PanelHeight);
            svg.Append(Invariant($"<line x1=\"{Left}\" y1=\"{y:F1}\" x2=\"{Width - Right}\" y2=\"{y:F1}\" stroke=\"#ddd\"/>"));
            svg.Append(Invariant($"<text x=\"{Left - 5}\" y=\"{y + 4:F1}\" text-anchor=\"end\">{format(value)}</text>"));
        }
    }

    private static void Line(StringBuilder svg, IEnumerable<(double X, double Y)> points, string colour) =>
        svg.Append(Invariant($"<polyline fill=\"none\" stroke=\"{colour}\" stroke-width=\"1.5\" points=\"")).AppendJoin(' ',
            points.Select(p => Invariant($"{p.X:F1},{p.Y:F1}"))).Append("\"/>");

    /// <summary>1, 2 or 5 times a power of ten, at least <paramref name="value"/>.</summary>
    private static double NiceCeiling(double value)
    {
        if (value <= 1)
        {
            return 1;
        }

        var power = Math.Pow(10, Math.Floor(Math.Log10(value)));
        return new[] { 1, 2, 5, 10 }.Select(m => m * power).First(v => v >= value);
    }

    private static string Escape(string text) => text.Replace("&", "&amp;").Replace("<", "&lt;").Replace(">", "&gt;");

    private static string Invariant(FormattableString text) => text.ToString(CultureInfo.InvariantCulture);
}
