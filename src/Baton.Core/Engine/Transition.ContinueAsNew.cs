using System.Collections.Immutable;
using System.Text.Json.Nodes;
using Baton.Core.Engine.Commands;

namespace Baton.Core.Engine;

internal sealed partial class Transition
{
    // Set once this transition has started the instance over: a second restart without waiting on anything would loop for ever.
    private bool _continued;

    /// <summary>Runs a continue_as_new step: ends this run (cancelling whatever is still open) and starts the next one,
    /// with the step's input as the workflow input, in the same transition.</summary>
    /// <remarks>The new run keeps the instance id, plan (without steps added at run time), seed, environment, trace,
    /// creation time and unconsumed events; it has fresh steps and variables. Its timers carry its generation and its
    /// attempt numbers go on from the last run's, so nothing of the old run can be taken for the new one.</remarks>
    private void ContinueAsNew(StepState started, JsonNode? input)
    {
        if (_continued)
        {
            SetStep(started with { Status = StepStatus.Running });
            FailStep(started.Id, new ErrorInfo("ContinueAsNewLoop",
                "The workflow reached continue_as_new twice in one event: nothing ran or was awaited in between, so it would start over for ever."),
                retryable: false);
            return;
        }
        _continued = true;
        SetStep(started with { Status = StepStatus.Succeeded, Output = input?.DeepClone(), CompletedAt = _at });
        CancelOpenSteps();
        if (_plan.Definition.Config.Timeout is not null)
        {
            Emit(new CancelTimer(TimerId.WorkflowTimeout));
        }
        _plan = _origin;
        State = State with
        {
            Generation = State.Generation + 1,
            AttemptBase = State.Steps.Values.Select(s => s.Attempt).Append(State.AttemptBase).Max(),
            Input = input?.DeepClone(),
            Variables = [],
            Steps = InitialSteps(_plan),
            OpenSteps = _plan.Definition.Steps.Length,
            Output = null,
            Error = null,
            Compensation = null,
            FanOuts = ImmutableSortedDictionary.Create<string, FanOutState>(StringComparer.Ordinal),
            AddedSteps = [],
        };
        // The old run's steps are gone; the changed steps are the new run's.
        _changed.Clear();
        _changedSet.Clear();
        _ready.Clear();
        Emit(new InstanceContinued(State.Generation, input?.DeepClone()));
        Begin();
    }
}
