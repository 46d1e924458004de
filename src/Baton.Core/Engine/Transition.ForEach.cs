using System.Globalization;
using System.Text.Json.Nodes;
using Baton.Core.Definitions;
using Baton.Core.Expressions;

namespace Baton.Core.Engine;

internal sealed partial class Transition
{
    /// <summary>The most items one for_each may have.</summary>
    private const int MaxItems = 100_000;

    /// <summary>Starts a for_each: evaluates its list, makes one step per item (<c>id[i]</c>, input evaluated with
    /// <c>item</c> and <c>index</c>), and starts the first <c>max_concurrency</c> of them.</summary>
    /// <remarks>Each item is a step of its own in the state, so the store writes one small row per item as it changes
    /// and the instance's header holds only counters: the state and history grow linearly with the items.</remarks>
    private void StartForEach(StepPlan plan, StepState started)
    {
        var id = started.Id;
        SetStep(started with { Status = StepStatus.Running });
        JsonNode? list;
        try
        {
            list = plan.Items!.Evaluate(Context(id));
        }
        catch (ExpressionException ex)
        {
            FailStep(id, new ErrorInfo("ExpressionError", $"items: {ex.Message}"), retryable: false);
            return;
        }
        if (ValueReference.IsReference(list))
        {
            // The list is kept in the data store; the engine (which does no I/O) cannot give each item its input.
            var count = ValueReference.Count(list);
            FailStep(id, count > MaxItems
                ? new ErrorInfo("ForEachTooLarge", $"items gave {count} items; a for_each takes at most {MaxItems}. Split the list.")
                : new ErrorInfo("ForEachItemsKeptOutside", $"items gave a list{(count is { } n ? $" of {n} items" : "")} that is kept in the data store " +
                    "because it is over the claim-check threshold (BATON_DATA_THRESHOLD), and for_each needs the items themselves to give each its input. " +
                    "Raise the threshold above the list's size, or have the task return a smaller list (ids rather than records, or chunks of it)."), retryable: false);
            return;
        }
        if (list is not JsonArray items)
        {
            FailStep(id, new ErrorInfo("ForEachNotAList", $"items gave a {Values.Kind(list)}, not a list."), retryable: false);
            return;
        }
        if (items.Count > MaxItems)
        {
            FailStep(id, new ErrorInfo("ForEachTooLarge", $"items gave {items.Count} items; a for_each takes at most {MaxItems}. Split the list."), retryable: false);
            return;
        }
        var body = plan.Body!;
        var inputs = new JsonNode?[items.Count];
        for (var i = 0; i < items.Count; i++)
        {
            try
            {
                inputs[i] = body.Input.Evaluate(BoundContext(id, ItemId(id, i), ("item", items[i]), ("index", i)));
            }
            catch (TemplateTreeException ex)
            {
                FailStep(id, new ErrorInfo("ExpressionError", $"item {i}: {ex.Under("do.input")}"), retryable: false);
                return;
            }
        }
        for (var i = 0; i < items.Count; i++)
        {
            AddStep(new StepState(ItemId(id, i), StepStatus.Pending, Input: inputs[i]));
        }
        State = State with { FanOuts = State.FanOuts.SetItem(id, new FanOutState(items.Count, 0, 0, 0, [])) };
        if (items.Count == 0)
        {
            Complete(Step(id), new JsonArray());
            return;
        }
        StartItems(id);
    }

    /// <summary>Starts items until <c>max_concurrency</c> run (a loop's one at a time); nothing starts while the instance is suspended.</summary>
    private void StartItems(string forEachId)
    {
        var limit = PlanOf(forEachId).Definition.Type == StepType.Loop ? 1 : PlanOf(forEachId).Definition.MaxConcurrency;
        var f = State.FanOuts[forEachId];
        while (State.Status == InstanceStatus.Running && f.Running < limit && f.Next < f.Count)
        {
            var item = Step(ItemId(forEachId, f.Next)) with { Status = StepStatus.Running, Attempt = State.AttemptBase + 1, StartedAt = _at };
            SetStep(item);
            Dispatch(item);
            f = f with { Next = f.Next + 1, Running = f.Running + 1 };
        }
        State = State with { FanOuts = State.FanOuts.SetItem(forEachId, f) };
    }

    /// <summary>Counts an item that ended (succeeded, or failed for good) and moves its for_each on.</summary>
    private void ItemEnded(string itemId)
    {
        var (forEachId, index) = ParseItem(itemId);
        if (!State.FanOuts.TryGetValue(forEachId, out var f) || Step(forEachId).Status != StepStatus.Running)
        {
            return;
        }
        var failed = Step(itemId).Status == StepStatus.Failed;
        f = f with { Running = f.Running - 1, Done = f.Done + 1, Failed = failed ? f.Failed.Add(index) : f.Failed };
        State = State with { FanOuts = State.FanOuts.SetItem(forEachId, f) };
        if (PlanOf(forEachId).Definition.Type == StepType.Loop)
        {
            IterationEnded(forEachId, index, failed);
            return;
        }
        var policy = PlanOf(forEachId).Definition.OnItemFailure;
        if (failed && policy == OnItemFailure.FailFast)
        {
            CancelItems(forEachId);
            FailStep(forEachId, new ErrorInfo(Step(itemId).Error?.Code ?? "ItemFailed", $"Item {index} failed: {Step(itemId).Error?.Message}"), retryable: false);
            return;
        }
        if (f.Done < f.Count)
        {
            StartItems(forEachId);
            return;
        }
        if (!f.Failed.IsEmpty && policy == OnItemFailure.Collect)
        {
            var listed = string.Join("; ", f.Failed.Take(10).Select(i => $"{i}: {Step(ItemId(forEachId, i)).Error?.Message}"));
            FailStep(forEachId, new ErrorInfo("ItemsFailed", $"{f.Failed.Count} of {f.Count} items failed ({listed}{(f.Failed.Count > 10 ? "; ..." : "")})."), retryable: false);
            return;
        }
        var outputs = new JsonArray();
        for (var i = 0; i < f.Count; i++)
        {
            outputs.Add(Step(ItemId(forEachId, i)).Output?.DeepClone());
        }
        Complete(Step(forEachId), outputs);
    }

    /// <summary>Cancels the items of a for_each that have not ended: running attempts, pending retries, items not started.</summary>
    private void CancelItems(string forEachId)
    {
        foreach (var item in ItemIds(forEachId).Select(Step).Where(i => !i.Status.IsTerminal()).ToList())
        {
            Cancel(item);
        }
    }

    /// <summary>The ids of a for_each's items, in order; empty before it started.</summary>
    private IEnumerable<string> ItemIds(string forEachId) =>
        State.FanOuts.TryGetValue(forEachId, out var f) ? Enumerable.Range(0, f.Count).Select(i => ItemId(forEachId, i)) : [];

    /// <summary>Starts a loop at its first iteration (if its <c>while</c> allows).</summary>
    private void StartLoop(StepState started)
    {
        SetStep(started with { Status = StepStatus.Running });
        State = State with { FanOuts = State.FanOuts.SetItem(started.Id, new FanOutState(0, 0, 0, 0, [])) };
        NextIteration(started.Id, 0, null);
    }

    /// <summary>Starts iteration <paramref name="n"/> when the loop's conditions ask for it; else ends the loop.</summary>
    /// <remarks>Without <c>while</c> or <c>until</c> the loop runs <c>max_iterations</c> times. With either, a loop that
    /// still asks for another iteration after <c>max_iterations</c> fails (<c>LoopLimitReached</c>): the bound is a guard,
    /// not an answer.</remarks>
    private void NextIteration(string loopId, int n, JsonNode? last)
    {
        var plan = PlanOf(loopId);
        var max = plan.Definition.MaxIterations;
        if (plan.LoopWhile is { } w)
        {
            if (Holds(w, loopId, n, last, "while") is not { } more)
            {
                return;
            }
            if (!more)
            {
                EndLoop(loopId);
                return;
            }
        }
        if (n >= max)
        {
            if (plan.LoopWhile is null && plan.LoopUntil is null)
            {
                EndLoop(loopId);
            }
            else
            {
                FailStep(loopId, new ErrorInfo("LoopLimitReached", $"The loop asked for iteration {n + 1}, past max_iterations {max}."), retryable: false);
            }
            return;
        }
        JsonNode? input;
        try
        {
            input = plan.Body!.Input.Evaluate(BoundContext(loopId, ItemId(loopId, n), ("iteration", n), ("last", last)));
        }
        catch (TemplateTreeException ex)
        {
            FailStep(loopId, new ErrorInfo("ExpressionError", $"iteration {n}: {ex.Under("do.input")}"), retryable: false);
            return;
        }
        AddStep(new StepState(ItemId(loopId, n), StepStatus.Pending, Input: input));
        State = State with { FanOuts = State.FanOuts.SetItem(loopId, State.FanOuts[loopId] with { Count = n + 1 }) };
        StartItems(loopId);
    }

    /// <summary>Moves a loop on after an iteration ended: a failed iteration fails the loop; else <c>until</c> decides.</summary>
    private void IterationEnded(string loopId, int index, bool failed)
    {
        var item = Step(ItemId(loopId, index));
        if (failed)
        {
            FailStep(loopId, new ErrorInfo(item.Error?.Code ?? "IterationFailed", $"Iteration {index} failed: {item.Error?.Message}"), retryable: false);
            return;
        }
        if (PlanOf(loopId).LoopUntil is { } until)
        {
            if (Holds(until, loopId, index, item.Output, "until") is not { } done)
            {
                return;
            }
            if (done)
            {
                EndLoop(loopId);
                return;
            }
        }
        NextIteration(loopId, index + 1, item.Output);
    }

    private void EndLoop(string loopId)
    {
        var outputs = new JsonArray();
        foreach (var id in ItemIds(loopId))
        {
            outputs.Add(Step(id).Output?.DeepClone());
        }
        Complete(Step(loopId), outputs);
    }

    // A loop condition's value; null (and the loop failed) when it cannot be evaluated.
    private bool? Holds(Template condition, string loopId, int iteration, JsonNode? last, string what)
    {
        try
        {
            return Values.Truthy(condition.Evaluate(BoundContext(loopId, ItemId(loopId, iteration), ("iteration", iteration), ("last", last))));
        }
        catch (ExpressionException ex)
        {
            FailStep(loopId, new ErrorInfo("ExpressionError", $"{what}: {ex.Message}"), retryable: false);
            return null;
        }
    }

    /// <summary>The step id of item <paramref name="index"/> of a for_each: <c>id[index]</c>.</summary>
    internal static string ItemId(string forEachId, int index) => string.Create(CultureInfo.InvariantCulture, $"{forEachId}[{index}]");

    /// <summary>Splits an item's step id into its for_each and index; declared step ids never hold '['.</summary>
    internal static (string ForEachId, int Index) ParseItem(string itemId)
    {
        var open = itemId.IndexOf('[', StringComparison.Ordinal);
        return (itemId[..open], int.Parse(itemId.AsSpan(open + 1, itemId.Length - open - 2), CultureInfo.InvariantCulture));
    }

    internal static bool IsItem(string stepId) => stepId.EndsWith(']');
}
