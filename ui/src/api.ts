// Calls to the control plane (docs/api.md). The key is asked once and kept for the browser session only.
const keyName = 'baton.key';

export function getKey(): string | null {
  return sessionStorage.getItem(keyName);
}

export function setKey(key: string | null): void {
  if (key) sessionStorage.setItem(keyName, key);
  else sessionStorage.removeItem(keyName);
}

/** An RFC 7807 problem from the API, or a failure to reach it. */
export class ApiError extends Error {
  constructor(
    message: string,
    readonly status: number,
    readonly problem: Problem | null,
  ) {
    super(message);
  }
}

export interface ProblemError {
  code?: string;
  file?: string;
  line?: number;
  column?: number;
  path?: string;
  message: string;
  fix?: string;
}

export interface Problem {
  type?: string;
  title?: string;
  detail?: string;
  status?: number;
  errors?: ProblemError[];
}

/** What to tell the user about a failure: the API's own message, or the error's. */
export function messageOf(e: unknown): string {
  return e instanceof Error ? e.message : String(e);
}

async function call<T>(path: string, init: RequestInit = {}): Promise<T> {
  const headers = new Headers(init.headers);
  const key = getKey();
  if (key) headers.set('x-functions-key', key);
  let response: Response;
  try {
    response = await fetch(path, { ...init, headers });
  } catch {
    throw new ApiError('The Baton host cannot be reached. Is `baton serve` running?', 0, null);
  }
  const text = await response.text();
  const body = text ? safeJson(text) : null;
  if (!response.ok) {
    const problem = (body && typeof body === 'object' ? body : null) as Problem | null;
    const message = response.status === 401 ? 'The key was refused: enter the host key again.'
      : response.status === 403 ? 'This needs the admin key.'
      : problem?.detail ?? problem?.title ?? `${response.status} ${response.statusText}`;
    throw new ApiError(message, response.status, problem);
  }
  return body as T;
}

function safeJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return text;
  }
}

export interface TaskInfo {
  name: string;
  source: 'catalog' | 'function';
  runner?: string;
  description?: string;
  input_schema?: { properties?: Record<string, { type?: string; description?: string }>; required?: string[] };
  output_schema?: { properties?: Record<string, { type?: string; description?: string }> };
  version?: string;
  roles?: string[];
}

export interface StepStatus {
  id: string;
  status: string;
  attempts: number;
  startedTime?: string;
  completedTime?: string;
  dueTime?: string;
  input?: unknown;
  output?: unknown;
  error?: { code: string; message: string } | null;
  progress?: { phase: string; data?: unknown; time: string } | null;
}

export interface InstanceStatus {
  name: string;
  instanceId: string;
  runtimeStatus: string;
  input?: unknown;
  output?: unknown;
  createdTime: string;
  lastUpdatedTime: string;
  version?: string;
  error?: { code: string; message: string } | null;
  steps?: StepStatus[];
}

export interface RegistryEntry {
  name: string;
  version: string;
  hash: string;
  active: boolean;
  content?: string;
}

const yamlHeaders = { 'content-type': 'application/yaml' };

export const api = {
  tasks: (catalog?: string) => call<{ catalog: { name: string; version: string } | null; tasks: TaskInfo[] }>(`/api/tasks${catalog ? `?catalog=${encodeURIComponent(catalog)}` : ''}`),
  validate: (text: string) => call<{ valid: boolean; name?: string; version?: string; errors?: ProblemError[] }>('/api/definitions?dryRun=true', { method: 'POST', body: text, headers: yamlHeaders }),
  saveDefinition: (text: string) => call<RegistryEntry>('/api/definitions', { method: 'POST', body: text, headers: yamlHeaders }),
  saveCatalog: (text: string) => call<RegistryEntry>('/api/catalogs', { method: 'POST', body: text, headers: yamlHeaders }),
  activate: (name: string, version: string) => call<RegistryEntry>(`/api/definitions/${encodeURIComponent(name)}/versions/${encodeURIComponent(version)}/activate`, { method: 'POST' }),
  /** The versions of a registered workflow; null when the name is new (asked of the listing, so no 404 is logged). */
  versions: async (name: string) => {
    const names = await call<{ name: string }[]>('/api/definitions');
    if (!names.some((n) => n.name === name)) return null;
    return call<{ name: string; activeVersion?: string; versions: RegistryEntry[] }>(`/api/definitions/${encodeURIComponent(name)}`);
  },
  definition: (name: string, version: string) => call<RegistryEntry>(`/api/definitions/${encodeURIComponent(name)}/versions/${encodeURIComponent(version)}`),
  start: (name: string, input: unknown, catalog?: string) =>
    call<{ id: string }>(`/api/workflows/${encodeURIComponent(name)}/instances${catalog ? `?catalog=${encodeURIComponent(catalog)}` : ''}`, {
      method: 'POST', body: JSON.stringify(input ?? {}), headers: { 'content-type': 'application/json' },
    }),
  instances: (q: { name?: string; status?: string; top?: number; continuationToken?: string }) => {
    const p = new URLSearchParams();
    if (q.name) p.set('name', q.name);
    if (q.status) p.set('status', q.status);
    p.set('top', String(q.top ?? 20));
    if (q.continuationToken) p.set('continuationToken', q.continuationToken);
    return call<{ instances: InstanceStatus[]; continuationToken?: string | null }>(`/api/instances?${p}`);
  },
  instance: (id: string) => call<InstanceStatus>(`/api/instances/${encodeURIComponent(id)}`),
  history: (id: string) => call<{ events: HistoryEvent[]; next?: number | null }>(`/api/instances/${encodeURIComponent(id)}/history?top=1000`),
  raise: (id: string, name: string, data: unknown) =>
    call<unknown>(`/api/instances/${encodeURIComponent(id)}/events/${encodeURIComponent(name)}`, { method: 'POST', body: JSON.stringify(data ?? null), headers: { 'content-type': 'application/json' } }),
  control: (id: string, op: 'terminate' | 'suspend' | 'resume' | 'rewind') =>
    call<unknown>(`/api/instances/${encodeURIComponent(id)}/${op}?reason=${encodeURIComponent('from the Baton UI')}`, { method: 'POST' }),
  stateAt: (id: string, sequence: number) => call<InstanceStatus & { sequence: number }>(`/api/instances/${encodeURIComponent(id)}/history/${sequence}/state`),
  fork: (id: string, sequence: number, input: unknown) =>
    call<{ id: string }>(`/api/instances/${encodeURIComponent(id)}/fork?at=${sequence}`, { method: 'POST', body: JSON.stringify(input ?? null), headers: { 'content-type': 'application/json' } }),
  deadLetters: (name?: string) => call<{ deadLetters: DeadLetter[]; more: boolean }>(`/api/dead-letters?top=200${name ? `&name=${encodeURIComponent(name)}` : ''}`),
  rewindDeadLetters: (name: string | undefined, dryRun: boolean) =>
    call<{ matched: number; more: boolean; rewound?: string[]; skipped?: string[]; instanceIds?: string[] }>(
      `/api/dead-letters/rewind?dryRun=${dryRun}&reason=${encodeURIComponent('from the Baton UI')}${name ? `&name=${encodeURIComponent(name)}` : ''}`, { method: 'POST' }),
  watchdog: (name?: string) => call<{ idleFor: string; examined: number; stuck: StuckInstance[] }>(`/api/watchdog${name ? `?name=${encodeURIComponent(name)}` : ''}`),
  streamUrl: (id: string) => `/api/instances/${encodeURIComponent(id)}/stream?code=${encodeURIComponent(getKey() ?? '')}`,
};

export interface DeadLetter {
  instanceId: string;
  name: string;
  version: string;
  createdTime: string;
  failedAt: string;
  step?: string | null;
  attempts?: number | null;
  error?: { code: string; message: string } | null;
}

export interface StuckInstance {
  instanceId: string;
  name: string;
  runtimeStatus: string;
  kind: 'idle' | 'unbounded_wait';
  step?: string | null;
  lastProgressAt: string;
  reason: string;
}

export interface HistoryEvent {
  sequence: number;
  type: string;
  at: string;
  stepId?: string;
  attempt?: number;
  timerId?: string;
  name?: string;
  error?: { code: string; message: string };
  retryable?: boolean;
}
