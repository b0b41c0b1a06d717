import { createHash, randomUUID } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import { isAbsolute, join } from 'node:path';
import { planSummary, PlanJsonError, type PlanSummary } from './plan-summary';
import { PlanHashMismatchError } from './terraform-errors';
import { findTerraform, runTerraform } from './terraform-process';

export interface TerraformDriverOptions {
  /** `terraform`/`tofu` path or name; default: the first of terraform, tofu on `env.PATH`. Resolved at each call. */
  readonly binary?: string;
  /** The environment commands run with (default `process.env`): PATH, TF_* variables, provider credentials. */
  readonly env?: NodeJS.ProcessEnv;
  /** Bound on each command in milliseconds (default 10 minutes); past it the process group is killed. */
  readonly timeoutMs?: number;
}

/** A saved plan ready for review. */
export interface TerraformPlan {
  /** What the plan does, counted as Terraform counts it (`summary.hash` identifies the content). */
  readonly summary: PlanSummary;
  /** Absolute path of the saved plan file: the only thing `apply` applies. */
  readonly planFile: string;
  /**
   * sha256 (hex) of the plan file's bytes. Approvals bind to it: `apply` refuses any other file, and
   * every plan run writes a new file with a new hash, so a new plan needs a new approval.
   */
  readonly hash: string;
}

export interface TerraformApplyResult {
  readonly planFile: string;
  readonly hash: string;
  /** Terraform's output ("Apply complete! Resources: …"). */
  readonly stdout: string;
}

const DEFAULT_TIMEOUT_MS = 10 * 60_000;
const QUIET = ['-input=false', '-no-color'] as const;

/**
 * Plans and applies a Terraform (or OpenTofu) working directory through the CLI: `init`,
 * `plan -out`, `show -json`, and `apply <planfile>` of exactly the reviewed file. Stateless.
 */
export class TerraformDriver {
  private readonly env: NodeJS.ProcessEnv;
  private readonly timeoutMs: number;

  constructor(private readonly options: TerraformDriverOptions = {}) {
    this.env = options.env ?? process.env;
    this.timeoutMs = options.timeoutMs ?? DEFAULT_TIMEOUT_MS;
  }

  /** `version -json`: the binary's version, e.g. "1.9.8". */
  async version(): Promise<string> {
    const run = await this.run(process.cwd(), ['version', '-json']);
    const version = (JSON.parse(run.stdout) as { terraform_version?: unknown }).terraform_version;
    if (typeof version !== 'string') throw new PlanJsonError(`version -json answered without terraform_version: ${run.stdout.slice(0, 200)}`);
    return version;
  }

  /**
   * init, then `plan -out=<new file>`, then `show -json` of that file, summarised. `workspace`
   * (TF_WORKSPACE) keeps each environment's state apart when the roots share one backend.
   */
  async plan(workDir: string, workspace?: string): Promise<TerraformPlan> {
    const binary = findTerraform(this.env, this.options.binary);
    await this.run(workDir, ['init', ...QUIET], binary, undefined, workspace);
    const planFile = join(workDir, `jetway-${Date.now()}-${randomUUID().slice(0, 8)}.tfplan`);
    await this.run(workDir, ['plan', ...QUIET, '-detailed-exitcode', `-out=${planFile}`], binary, [0, 2], workspace);
    const shown = await this.run(workDir, ['show', '-json', planFile], binary, undefined, workspace);
    const summary = planSummary(parseJson(shown.stdout));
    return { summary, planFile, hash: await fileHash(planFile) };
  }

  /**
   * Applies `planFile` if its bytes still hash to `expectedHash` — checked before anything runs, so a
   * changed, replaced or missing plan file applies nothing (`PlanHashMismatchError` names both hashes).
   */
  async apply(workDir: string, planFile: string, expectedHash: string, workspace?: string): Promise<TerraformApplyResult> {
    const path = isAbsolute(planFile) ? planFile : join(workDir, planFile);
    const actual = await fileHash(path).catch(() => undefined);
    if (actual !== expectedHash) throw new PlanHashMismatchError(path, expectedHash, actual);
    const run = await this.run(workDir, ['apply', ...QUIET, path], undefined, undefined, workspace);
    return { planFile: path, hash: actual, stdout: run.stdout };
  }

  private run(cwd: string, args: readonly string[], binary?: string, okCodes?: readonly number[], workspace?: string) {
    const bin = binary ?? findTerraform(this.env, this.options.binary);
    const env = workspace ? { ...this.env, TF_WORKSPACE: workspace } : this.env;
    return runTerraform(bin, args, { cwd, env, timeoutMs: this.timeoutMs, ...(okCodes ? { okCodes } : {}) });
  }
}

async function fileHash(path: string): Promise<string> {
  return createHash('sha256').update(await readFile(path)).digest('hex');
}

function parseJson(text: string): unknown {
  try {
    return JSON.parse(text) as unknown;
  } catch (error) {
    throw new PlanJsonError(`terraform show -json did not print JSON: ${text.slice(0, 200)}`, { cause: error });
  }
}
