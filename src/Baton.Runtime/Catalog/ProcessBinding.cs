using System.Collections.Immutable;
using Baton.Core.Expressions;

namespace Baton.Runtime.Catalog;

/// <summary>Runs a local process from an argv array; never through a shell.</summary>
/// <remarks>The input goes to the file named by BATON_INPUT_FILE, and to stdin as JSON unless <see cref="Stdin"/>
/// says what to send instead. The output is the JSON the process writes to BATON_OUTPUT_FILE, else its stdout
/// (JSON, or <c>{"stdout": text}</c> when <see cref="TextOutput"/>).</remarks>
public sealed record ProcessBinding(string Name, ImmutableArray<Template> Command, string? WorkingDirectory,
    ImmutableDictionary<string, Template> Environment, Template? Stdin, bool TextOutput, TimeSpan? Timeout) : TaskBinding(Name, Timeout);
