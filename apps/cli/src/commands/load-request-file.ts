import { readFile } from 'node:fs/promises';
import { dirname, isAbsolute, resolve } from 'node:path';
import { describeIssues, describeUnknownFields, notAvailableYet, PipelineRequest, unknownFields } from '@jetway/contracts';
import { analysisProblems } from '@jetway/promql';
import { ulid } from 'ulid';
import { parse as parseYaml } from 'yaml';

export interface LoadRequestOptions {
  /** `--idempotency-key`: wins over the file's key. */
  readonly idempotencyKey?: string;
  /** Mints a key when neither the flag nor the file gives one; defaults to a new ULID. */
  readonly newKey?: () => string;
}

/** The request file cannot be used; `message` names the file and every problem in it. */
export class RequestFileError extends Error {
  constructor(
    readonly file: string,
    message: string,
    options?: { cause?: unknown },
  ) {
    super(`${file}: ${message}`, options);
    this.name = 'RequestFileError';
  }
}

/** Source types whose `location` is a local path, resolved against the request file's directory. */
const LOCAL_SOURCES = new Set(['directory', 'git']);

/**
 * Reads a pipeline request (any kind) from YAML or JSON, makes a relative local path absolute
 * (`artifact_source.location`, `project_path`, `configuration.playbook`, a channel's secret `*_file`: relative to the file,
 * not the shell), fills in the
 * idempotency key and validates it with the `PipelineRequest` contract, defaults applied. Strict where the contract is lenient: a
 * field the contract does not know is refused with a "did you mean" (a typo such as
 * `auto_aprove: true` would otherwise be dropped and the run would wait for an approval nobody
 * expects), and so is what no driver runs yet, and an analysis that cannot run (a PromQL query
 * that does not parse, named with where it fails) — before anything is published.
 */
export async function loadRequestFile(path: string, opts: LoadRequestOptions = {}): Promise<PipelineRequest> {
  const raw = parseDocument(path, await readText(path));
  const baseDir = dirname(resolve(path));
  const withKey = {
    ...raw,
    idempotency_key: opts.idempotencyKey ?? raw['idempotency_key'] ?? (opts.newKey ?? ulid)(),
    ...('artifact_source' in raw && { artifact_source: resolveSource(raw['artifact_source'], baseDir) }),
    ...(typeof raw['project_path'] === 'string' && { project_path: resolve(baseDir, raw['project_path']) }),
    ...(isRecord(raw['configuration']) && typeof raw['configuration']['playbook'] === 'string' && { configuration: { ...raw['configuration'], playbook: resolve(baseDir, raw['configuration']['playbook']) } }),
    ...(Array.isArray(raw['alerting_channels']) && { alerting_channels: raw['alerting_channels'].map((channel) => resolveSecretFiles(channel, baseDir)) }),
  };
  const unknown = unknownFields(PipelineRequest, withKey);
  const result = PipelineRequest.safeParse(withKey);
  // A strict object's own "unknown field" issue repeats what `unknown` says better (with a "did you mean").
  const issues = result.success ? [] : result.error.issues.filter((issue) => !(unknown.length > 0 && issue.code === 'unrecognized_keys'));
  const problems = [...(unknown.length ? [describeUnknownFields(unknown)] : []), ...(issues.length ? [describeIssues({ issues })] : [])];
  if (!result.success || problems.length > 0) {
    throw new RequestFileError(path, `not a valid ${typeof raw['kind'] === 'string' ? raw['kind'] : 'pipeline'} request; fix: ${problems.join('; ')}`);
  }
  const unavailable = notAvailableYet(result.data);
  if (unavailable.length > 0) throw new RequestFileError(path, `asks for what Jetway cannot run yet: ${unavailable.join('; ')}`);
  const analysis = result.data.kind === 'deployment' ? analysisProblems(result.data) : [];
  if (analysis.length > 0) throw new RequestFileError(path, `its analysis cannot run; fix: ${analysis.join('; ')}`);
  return result.data;
}

async function readText(path: string): Promise<string> {
  try {
    return await readFile(path, 'utf8');
  } catch (cause) {
    const code = (cause as { code?: string }).code;
    const why =
      code === 'ENOENT' ? 'no such file; check the path' : code === 'EISDIR' ? 'is a directory, not a request file' : String(cause);
    throw new RequestFileError(path, why, { cause });
  }
}

function parseDocument(path: string, text: string): Record<string, unknown> {
  let value: unknown;
  try {
    value = /\.json$/i.test(path) ? JSON.parse(text) : parseYaml(text);
  } catch (cause) {
    const what = /\.json$/i.test(path) ? 'JSON' : 'YAML';
    throw new RequestFileError(path, `not valid ${what}: ${(cause as Error).message}`, { cause });
  }
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    const found = value === null ? 'nothing' : Array.isArray(value) ? 'a list' : typeof value;
    throw new RequestFileError(path, `expected the request's fields (kind, application_name, …) at the top level, found ${found}`);
  }
  return value as Record<string, unknown>;
}

function resolveSource(source: unknown, baseDir: string): unknown {
  if (typeof source !== 'object' || source === null) return source;
  const { type, location } = source as { type?: unknown; location?: unknown };
  if (typeof type !== 'string' || !LOCAL_SOURCES.has(type)) return source;
  if (typeof location !== 'string' || location === '' || isAbsolute(location)) return source;
  return { ...source, location: resolve(baseDir, location) };
}

/** A channel's secret files (`config.<name>_file`) made absolute against the request file's directory. */
function resolveSecretFiles(channel: unknown, baseDir: string): unknown {
  if (typeof channel !== 'object' || channel === null) return channel;
  const config = (channel as { config?: unknown }).config;
  if (typeof config !== 'object' || config === null) return channel;
  const resolved = Object.entries(config).map(([key, value]) => [key, key.endsWith('_file') && typeof value === 'string' && value !== '' && !isAbsolute(value) ? resolve(baseDir, value) : value]);
  return { ...channel, config: Object.fromEntries(resolved) };
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
