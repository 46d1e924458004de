// The YAML beside the canvas, in Monaco: edits here change the canvas; edits on the canvas arrive here as text.
import * as monaco from 'monaco-editor/esm/vs/editor/editor.api';
// The editor's contributions: suggestions, hovers (problem messages), find, folding, bracket matching.
import 'monaco-editor/esm/vs/editor/editor.all.js';
import 'monaco-editor/esm/vs/basic-languages/yaml/yaml.contribution';
import EditorWorker from 'monaco-editor/esm/vs/editor/editor.worker?worker';
import { useEffect, useRef } from 'react';
import type { Problem } from '../model/workflow';

(self as unknown as { MonacoEnvironment: monaco.Environment }).MonacoEnvironment = { getWorker: () => new EditorWorker() };

// Completion of `${...}` paths inside the YAML: what the open workflow offers (its input, its steps, workflow.*).
let currentPaths: string[] = [];
monaco.languages.registerCompletionItemProvider('yaml', {
  triggerCharacters: ['{', '.'],
  provideCompletionItems(model, position) {
    const before = model.getValueInRange({ startLineNumber: position.lineNumber, startColumn: 1, endLineNumber: position.lineNumber, endColumn: position.column });
    const open = /\$\{([^}]*)$/.exec(before);
    if (!open) return { suggestions: [] };
    const typed = open[1].replace(/^.*[\s(+\-*/,[]/, '');
    const range = new monaco.Range(position.lineNumber, position.column - typed.length, position.lineNumber, position.column);
    return {
      suggestions: currentPaths.filter((p) => p.startsWith(typed.split('.').slice(0, -1).join('.'))).map((p) => ({
        label: p, kind: monaco.languages.CompletionItemKind.Field, insertText: p, range,
      })),
    };
  },
});

export function YamlEditor({ text, problems, onChange, revealLine, paths = [] }: { text: string; problems: Problem[]; onChange: (text: string) => void; revealLine?: number | null; paths?: string[] }) {
  currentPaths = paths;
  const host = useRef<HTMLDivElement>(null);
  const editor = useRef<monaco.editor.IStandaloneCodeEditor | null>(null);
  const change = useRef(onChange);
  change.current = onChange;

  useEffect(() => {
    const e = monaco.editor.create(host.current!, {
      value: text,
      language: 'yaml',
      automaticLayout: true,
      minimap: { enabled: false },
      fontSize: 13,
      scrollBeyondLastLine: false,
      tabSize: 2,
      insertSpaces: true,
      ariaLabel: 'Workflow YAML',
    });
    editor.current = e;
    const sub = e.onDidChangeModelContent(() => change.current(e.getValue()));
    return () => {
      sub.dispose();
      e.dispose();
    };
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, []);

  useEffect(() => {
    const e = editor.current;
    if (e && e.getValue() !== text) {
      // An edit from the canvas: replace the text as one undoable edit, keeping the cursor where it was.
      const model = e.getModel()!;
      const selection = e.getSelections();
      model.pushEditOperations(selection ?? [], [{ range: model.getFullModelRange(), text }], () => selection);
    }
  }, [text]);

  useEffect(() => {
    const model = editor.current?.getModel();
    if (!model) return;
    monaco.editor.setModelMarkers(model, 'baton', problems.map((p) => ({
      severity: monaco.MarkerSeverity.Error,
      message: p.fix ? `${p.message}\n${p.fix}` : p.message,
      startLineNumber: p.line,
      startColumn: p.column,
      endLineNumber: p.line,
      endColumn: model.getLineMaxColumn(Math.min(Math.max(p.line, 1), model.getLineCount())),
    })));
  }, [problems, text]);

  useEffect(() => {
    if (revealLine && editor.current) {
      editor.current.revealLineInCenter(revealLine);
      editor.current.setPosition({ lineNumber: revealLine, column: 1 });
    }
  }, [revealLine]);

  return <div className="yaml-editor" ref={host} data-testid="yaml-editor" />;
}
