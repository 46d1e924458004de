namespace Baton.Runtime.Slo;

/// <summary>An SLO as read, with the text it was read from (kept, base64, in each result as Keptn does).</summary>
public sealed record SloText(SloDocument Document, string Content);
