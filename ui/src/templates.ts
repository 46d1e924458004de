// The templates gallery: the repository's examples, read at build time, each a workflow and the catalog it runs with.
const workflows = import.meta.glob('../../examples/*/workflow.yaml', { query: '?raw', import: 'default', eager: true }) as Record<string, string>;
const catalogs = import.meta.glob('../../examples/*/catalog.yaml', { query: '?raw', import: 'default', eager: true }) as Record<string, string>;

export interface Template {
  id: string;
  title: string;
  description: string;
  workflow: string;
  catalog?: string;
}

function describe(text: string): string {
  const m = /^\s*description:\s*(.+)$/m.exec(text);
  return m ? m[1].replace(/^["']|["']$/g, '') : '';
}

/** Every example with a workflow.yaml, by folder name. */
export const templates: Template[] = Object.entries(workflows)
  .map(([path, workflow]) => {
    const id = path.split('/').slice(-2)[0];
    return { id, title: id.replace(/-/g, ' '), description: describe(workflow), workflow, catalog: catalogs[path.replace('workflow.yaml', 'catalog.yaml')] };
  })
  .sort((a, b) => a.id.localeCompare(b.id));

/** An empty workflow to start from. */
export const blank: Template = {
  id: 'blank',
  title: 'blank',
  description: 'One step to start from.',
  workflow: `apiVersion: baton.dev/v1
kind: Workflow
metadata:
  name: my-workflow
  version: "1"
spec:
  steps:
    - id: start
      task: echo
      input: { message: "Hello" }
`,
};
