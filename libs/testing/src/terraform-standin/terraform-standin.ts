import { chmodSync, existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { delimiter, join } from 'node:path';

// Puts the Terraform stand-in (./terraform.ts: a script speaking Terraform's documented CLI from
// recorded plan JSON, NOT Terraform) on PATH for a test. Neither terraform nor tofu installs here.

/** Where the stand-in's script lives: run by the Node that runs the tests (type stripping). */
export const terraformStandinScript = join(__dirname, 'terraform.ts');

/** Quiet on stderr as Terraform is: the script is ESM in a package without "type", run by type stripping. */
const NODE_FLAGS = '--disable-warning=MODULE_TYPELESS_PACKAGE_JSON --disable-warning=ExperimentalWarning';

export interface TerraformStandinOptions {
  /** A recorded `terraform show -json` document the stand-in's `plan` answers with (TF_STANDIN_PLAN_JSON). */
  readonly planJson?: string;
  /** The executable's name on PATH: `terraform` (default) or `tofu`. */
  readonly name?: 'terraform' | 'tofu';
}

/** One `apply` the stand-in recorded. */
export interface StandinApply {
  readonly at: string;
  /** The working directory the apply ran in. */
  readonly cwd: string;
  readonly planFile: string;
  /** sha256 of the applied plan file's bytes. */
  readonly sha256: string;
  /** The state serial after the apply. */
  readonly serial: number;
  /** Addresses of the resource changes that are not no-ops. */
  readonly addresses: readonly string[];
  /** The workspace the apply ran in (TF_WORKSPACE, else `default`), as Terraform selects it. */
  readonly workspace: string;
}

export interface TerraformStandin {
  /** The executable: `<dir>/bin/terraform` (or `tofu`). */
  readonly bin: string;
  /** The environment to run with: PATH led by the stand-in's folder, and where applies are logged. */
  readonly env: NodeJS.ProcessEnv;
  /** The apply log (one JSON line per apply). */
  readonly applyLog: string;
  /** The applies recorded so far, oldest first. */
  applies(): StandinApply[];
}

/**
 * Writes `<dir>/bin/terraform`, which runs the stand-in with this process's Node, and returns the
 * environment that puts it first on PATH. Each `terraformStandin` call gets its own apply log.
 */
export function terraformStandin(dir: string, options: TerraformStandinOptions = {}): TerraformStandin {
  const [major = 0, minor = 0] = process.versions.node.split('.').map(Number);
  if (major < 22 || (major === 22 && minor < 18)) {
    throw new Error(`the Terraform stand-in needs Node ≥ 22.18 (type stripping); this is ${process.version} — run the tests with npx (Node 24)`);
  }
  const binDir = join(dir, 'bin');
  mkdirSync(binDir, { recursive: true });
  const bin = join(binDir, options.name ?? 'terraform');
  writeFileSync(bin, `#!/bin/sh\n# Jetway's Terraform stand-in (not Terraform): ${terraformStandinScript}\nexec ${shellQuote(process.execPath)} ${NODE_FLAGS} ${shellQuote(terraformStandinScript)} "$@"\n`);
  chmodSync(bin, 0o755);
  const applyLog = join(dir, 'standin-applies.log');
  const env: NodeJS.ProcessEnv = {
    ...process.env,
    PATH: [binDir, process.env['PATH'] ?? ''].join(delimiter),
    TF_STANDIN_APPLY_LOG: applyLog,
    ...(options.planJson ? { TF_STANDIN_PLAN_JSON: options.planJson } : {}),
  };
  const applies = (): StandinApply[] =>
    existsSync(applyLog)
      ? readFileSync(applyLog, 'utf8')
          .split('\n')
          .filter(Boolean)
          .map((line) => JSON.parse(line) as StandinApply)
      : [];
  return { bin, env, applyLog, applies };
}

function shellQuote(value: string): string {
  return `'${value.replace(/'/g, `'\\''`)}'`;
}
