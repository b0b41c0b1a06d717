import { createHash } from 'node:crypto';
import { parse } from 'yaml';
import { StackApplyError, StackUnreachableError } from './stack.errors';
import type { StackLogs, StackServer, StackUrls } from './stack.port';

const TIMEOUT_MS = 10_000;

/**
 * POSTs `/-/reload`, then reads back the configuration the server reports and checks it is the one
 * written (Prometheus: its job names; Alertmanager: its receiver names; blackbox: its module names —
 * the servers report their configs re-serialised with defaults, so the text itself cannot match).
 * Returns what the server reported; throws `StackApplyError` with the server's own words.
 */
export async function reloadAndConfirm(server: StackServer, urls: StackUrls, written: string, logs?: StackLogs): Promise<string> {
  const base = urls[server];
  const since = logs?.recentOutput(server) ?? '';
  const response = await call(server, `${base}/-/reload`, { method: 'POST' });
  if (response.status !== 200) {
    const said = (await response.text()).trim();
    throw new StackApplyError(server, `${server} refused the new configuration (HTTP ${response.status}): ${said}${await logDetail(server, since, logs)}`, false);
  }
  await response.body?.cancel();
  const reported = await reportedConfig(server, base);
  const [want, got] = [names(server, parse(written)), names(server, parse(reported))];
  if (want.join('\n') !== got.join('\n')) {
    throw new StackApplyError(server, `${server} reloaded but reports a different configuration: expected ${describe(server)} [${want.join(', ')}], it has [${got.join(', ')}]`, false);
  }
  return reported;
}

/** The configuration text the server reports it runs. */
export async function reportedConfig(server: StackServer, base: string): Promise<string> {
  if (server === 'prometheus') {
    const body = (await (await call(server, `${base}/api/v1/status/config`)).json()) as { data?: { yaml?: string } };
    return body.data?.yaml ?? '';
  }
  if (server === 'alertmanager') {
    const body = (await (await call(server, `${base}/api/v2/status`)).json()) as { config?: { original?: string } };
    return body.config?.original ?? '';
  }
  return (await call(server, `${base}/config`)).text();
}

/** sha256 (hex) of the text Alertmanager reports as its configuration (`config.original`). */
export function configHash(original: string): string {
  return createHash('sha256').update(original).digest('hex');
}

async function call(server: StackServer, url: string, init: RequestInit = {}): Promise<Response> {
  try {
    return await fetch(url, { ...init, signal: AbortSignal.timeout(TIMEOUT_MS) });
  } catch (cause) {
    throw new StackUnreachableError(`${server} at ${new URL(url).origin} unreachable: ${(cause as Error).message}`, { cause });
  }
}

function names(server: StackServer, config: unknown): string[] {
  const record = (config ?? {}) as Record<string, unknown>;
  const named = (items: unknown, key: string) => (Array.isArray(items) ? items.map((item) => String((item as Record<string, unknown>)[key])) : []);
  if (server === 'prometheus') return named(record['scrape_configs'], 'job_name').sort();
  if (server === 'alertmanager') return named(record['receivers'], 'name').sort();
  return Object.keys((record['modules'] ?? {}) as object).sort();
}

function describe(server: StackServer): string {
  return { prometheus: 'jobs', alertmanager: 'receivers', blackbox: 'modules' }[server];
}

/**
 * Prometheus answers a refused rule file with "one or more errors occurred"; the reason is in its
 * log. When the stack's logs are at hand, the error lines written since the reload are added
 * (waiting up to a second for them: the log reaches us through a pipe, after the HTTP answer may have).
 */
async function logDetail(server: StackServer, before: string, logs?: StackLogs): Promise<string> {
  if (!logs) return '';
  const lastBefore = before.split('\n').at(-1) ?? '';
  for (let waited = 0; waited <= 1_000; waited += 50) {
    const now = logs.recentOutput(server);
    const at = lastBefore === '' ? -1 : now.lastIndexOf(lastBefore);
    const fresh = at < 0 ? now : now.slice(at + lastBefore.length);
    const errors = fresh.split('\n').filter((line) => line.includes('level=error')).map(logfmtError);
    if (errors.length > 0) return `\n${errors.join('\n')}`;
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  return '';
}

/** `msg: err` of a logfmt line (`… level=error msg="loading groups failed" err="…"`), its quotes undone. */
function logfmtError(line: string): string {
  const fields = new Map([...line.matchAll(/(\w+)=("(?:[^"\\]|\\.)*"|\S+)/g)].map(([, key, value]) => [key, unquote(value ?? '')]));
  return [fields.get('msg'), fields.get('err')].filter((part) => part !== undefined).join(': ') || line;
}

function unquote(value: string): string {
  if (!value.startsWith('"')) return value;
  try {
    return JSON.parse(value) as string;
  } catch {
    return value;
  }
}
