namespace Baton.Core.Definitions.Import;

/// <summary>Where a model-compose value is rendered: which source names it may read and what each is in Baton, what it
/// collects while it is converted (the jobs it reads, what annotations say of the input), and how a few names read.</summary>
internal sealed class ComposeScope(IReadOnlyDictionary<string, string> roots, List<ComposeScope.Note>? notes = null, HashSet<string>? referenced = null)
{
    /// <summary>What one interpolation says of a workflow input field: its type and description, when given.</summary>
    public sealed record Note(string Field, string? Type, string? Description);

    /// <summary>The source names a value may read here, each with what it is in Baton.</summary>
    public IReadOnlyDictionary<string, string> Roots { get; } = roots;

    /// <summary>Names read with their first member (<c>job.input</c>, <c>job.output</c> in an interrupt), and what each is.</summary>
    public IReadOnlyDictionary<string, string> Members { get; init; } = new Dictionary<string, string>(StringComparer.Ordinal);

    /// <summary>The workflow's job ids, which the reference also lets a value read without <c>jobs.</c> in front.</summary>
    public IReadOnlySet<string> JobIds { get; init; } = new HashSet<string>(StringComparer.Ordinal);

    /// <summary>Set when a value read a streamed result (<c>response[]</c>, <c>result[]</c>).</summary>
    public bool Streamed { get; set; }

    /// <summary>Whether <c>result.stdout</c> is read stripped, as model-compose gives a shell's output.</summary>
    public bool TrimStdout { get; init; }

    /// <summary>Where annotations of input fields are collected; null ignores them.</summary>
    public List<Note>? Notes { get; } = notes;

    /// <summary>Where the ids of the jobs read (<c>${jobs.X...}</c>) are collected; null ignores them.</summary>
    public HashSet<string>? Referenced { get; } = referenced;

    /// <summary>This scope collecting the jobs it reads into <paramref name="into"/>.</summary>
    public ComposeScope Reading(HashSet<string> into) => new(Roots, Notes, into) { TrimStdout = TrimStdout, JobOutputs = JobOutputs, Members = Members, JobIds = JobIds };

    /// <summary>What <c>jobs.X.output</c> reads for jobs whose output is not their own step's (an after-interrupt or hook, an
    /// on_error fallback); other jobs read <c>steps.X.output</c>.</summary>
    public IReadOnlyDictionary<string, string> JobOutputs { get; init; } = new Dictionary<string, string>(StringComparer.Ordinal);

    /// <summary>A job's input and the workflow's output: the input and other jobs.</summary>
    public static ComposeScope Workflow(List<Note>? notes = null) => new(new Dictionary<string, string>(StringComparer.Ordinal)
    {
        ["input"] = "input", ["jobs"] = "steps", ["context"] = "workflow", ["env"] = "env",
        // The seed documents also read the workflow's variables (as metadata or variables) and the instance (workflow).
        ["variables"] = "variables", ["metadata"] = "variables", ["workflow"] = "workflow",
    }, notes)
    {
        // model-compose's task is Baton's instance.
        Members = new Dictionary<string, string>(StringComparer.Ordinal) { ["context.task_id"] = "workflow.id", ["context.run_id"] = "workflow.id" },
    };

    /// <summary>A catalog binding's values: the job's input, and the attempt as <c>context</c> (<c>task_id</c>: the instance,
    /// <c>run_id</c>: the attempt's idempotency key), with more names.</summary>
    public static ComposeScope Binding(params (string Name, string Baton)[] more)
    {
        var roots = new Dictionary<string, string>(StringComparer.Ordinal) { ["input"] = "input", ["context"] = "task" };
        foreach (var (name, baton) in more)
        {
            roots[name] = baton;
        }
        return new ComposeScope(roots)
        {
            Members = new Dictionary<string, string>(StringComparer.Ordinal) { ["context.task_id"] = "task.instance_id", ["context.run_id"] = "task.idempotency_key" },
        };
    }

    /// <summary>This scope with more names.</summary>
    public ComposeScope With(params (string Name, string Baton)[] more)
    {
        var roots = new Dictionary<string, string>(Roots, StringComparer.Ordinal);
        foreach (var (name, baton) in more)
        {
            roots[name] = baton;
        }
        return new ComposeScope(roots, Notes, Referenced) { TrimStdout = TrimStdout, JobOutputs = JobOutputs, Members = Members, JobIds = JobIds };
    }
}
