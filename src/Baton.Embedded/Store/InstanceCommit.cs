using Baton.Core.Engine;
using Baton.Abstractions;

namespace Baton.Embedded.Store;

/// <summary>Everything one batch changes for one instance, committed atomically.</summary>
/// <remarks><see cref="State"/> is the new snapshot header (its steps are in <see cref="ChangedSteps"/>); null
/// when only the outbox changes (e.g. dropping a stale timer). <see cref="ExpectedSequence"/> is the sequence the
/// store must hold before the commit; -1 creates the instance and fails if it exists. <see cref="ContinuedAt"/>, when set,
/// is the sequence of the event that started the instance over (continue_as_new): the store then keeps only the step rows
/// in <see cref="ChangedSteps"/> and drops history entries before that sequence, in the same transaction. <see cref="ReplaceSteps"/>
/// (an instance moved to another version) keeps only the step rows in <see cref="ChangedSteps"/> too, and all history.</remarks>
public sealed record InstanceCommit(
    string InstanceId,
    long ExpectedSequence,
    InstanceState? State,
    IReadOnlyList<StepState> ChangedSteps,
    IReadOnlyList<HistoryEntry> History,
    IReadOnlyList<WorkItem> AddWork,
    IReadOnlyList<string> DeleteWork,
    InstanceBinding? Binding = null,
    long? ContinuedAt = null,
    bool ReplaceSteps = false);
