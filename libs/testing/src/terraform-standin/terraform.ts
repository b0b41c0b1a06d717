#!/usr/bin/env node
// A STAND-IN FOR TERRAFORM, NOT TERRAFORM. Neither `terraform` nor `tofu` installs on this machine, so
// tests run Jetway's Terraform driver against this script: it speaks the documented CLI the driver uses
// (https://developer.hashicorp.com/terraform/cli/commands) and answers from RECORDED plan JSON documents
// (https://developer.hashicorp.com/terraform/internals/json-format). It plans nothing and creates nothing.
//
//   terraform version [-json]
//   terraform init  [-input=false] [-no-color]                       creates .terraform/
//   terraform plan  [-input=false] [-no-color] [-detailed-exitcode] -out=<file>
//                   writes a plan file holding the recorded plan JSON named by $TF_STANDIN_PLAN_JSON,
//                   else ./standin-plan.json; -detailed-exitcode: 0 no changes, 2 changes, 1 error
//   terraform show  -json <file>                                     prints the plan JSON
//   terraform apply [-input=false] [-no-color] <file>                appends one JSON line (with $TF_WORKSPACE) to the apply log
//                   ($TF_STANDIN_APPLY_LOG, else ./standin-applies.log) and bumps the state serial in
//                   ./terraform.tfstate; a plan file whose content changed, or made before the state's
//                   last change, is refused as Terraform refuses it: "Saved plan is stale"
//
// Faults for tests: $TF_STANDIN_FAIL=<command> exits 1 with an error; $TF_STANDIN_HANG=<command> never
// exits. Run by Node with type stripping (Node ≥ 22.18): only erasable TypeScript, only node: imports.
import { createHash } from 'node:crypto';
import { appendFileSync, existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { resolve } from 'node:path';

const VERSION = process.env['TF_STANDIN_VERSION'] || '1.9.8';
const PLAN_FORMAT = 'jetway-terraform-standin-plan/1';

interface StandinPlan {
  readonly format: string;
  readonly lineage: string;
  readonly serial: number;
  readonly plan: Record<string, unknown>;
  readonly checksum: string;
}

interface State {
  readonly lineage: string;
  readonly serial: number;
}

class CliError extends Error {}

function main(argv: readonly string[]): number {
  const [command, ...rest] = argv;
  if (!command) throw new CliError('Usage: terraform [global options] <subcommand> [args]');
  if (process.env['TF_STANDIN_HANG'] === command) {
    setInterval(() => undefined, 60_000);
    return -1;
  }
  if (process.env['TF_STANDIN_FAIL'] === command) throw new CliError(`stand-in failure injected for "${command}" (TF_STANDIN_FAIL)`);
  const { flags, args } = parseFlags(command, rest);
  switch (command) {
    case 'version':
      return version(flags.has('-json'));
    case 'init':
      return init();
    case 'plan':
      return plan(flags);
    case 'show':
      return show(flags, args);
    case 'apply':
      return apply(args);
    default:
      throw new CliError(`Terraform has no command named "${command}". (This stand-in answers version, init, plan, show and apply.)`);
  }
}

const KNOWN_FLAGS: Record<string, readonly string[]> = {
  version: ['-json'],
  init: ['-input', '-no-color', '-upgrade', '-reconfigure'],
  plan: ['-input', '-no-color', '-out', '-detailed-exitcode', '-lock-timeout'],
  show: ['-json', '-no-color'],
  apply: ['-input', '-no-color', '-auto-approve', '-lock-timeout'],
};

function parseFlags(command: string, rest: readonly string[]): { flags: Map<string, string>; args: string[] } {
  const flags = new Map<string, string>();
  const args: string[] = [];
  for (const arg of rest) {
    if (!arg.startsWith('-')) {
      args.push(arg);
      continue;
    }
    const [name = arg, value = 'true'] = arg.split(/=(.*)/s);
    if (!(KNOWN_FLAGS[command] ?? []).includes(name)) throw new CliError(`flag provided but not defined: ${name}`);
    flags.set(name, value);
  }
  return { flags, args };
}

function version(json: boolean): number {
  if (json) {
    const answer = { terraform_version: VERSION, platform: 'linux_amd64', provider_selections: {}, terraform_outdated: false };
    process.stdout.write(`${JSON.stringify(answer, null, 2)}\n`);
  } else {
    process.stdout.write(`Terraform v${VERSION}\non linux_amd64\n`);
  }
  return 0;
}

function init(): number {
  mkdirSync('.terraform', { recursive: true });
  writeFileSync('.terraform/standin-initialized', `${new Date().toISOString()}\n`);
  process.stdout.write('Initializing the backend...\n\nTerraform has been successfully initialized!\n');
  return 0;
}

function plan(flags: Map<string, string>): number {
  if (!existsSync('.terraform/standin-initialized')) {
    throw new CliError('Backend initialization required, please run "terraform init"');
  }
  const recordedPath = process.env['TF_STANDIN_PLAN_JSON'] || resolve('standin-plan.json');
  if (!existsSync(recordedPath)) {
    throw new CliError(`no recorded plan to answer with: set TF_STANDIN_PLAN_JSON or put standin-plan.json in ${process.cwd()}`);
  }
  const recorded = JSON.parse(readFileSync(recordedPath, 'utf8')) as Record<string, unknown>;
  if (typeof recorded['format_version'] !== 'string') throw new CliError(`${recordedPath} is not a recorded plan JSON document (no format_version)`);
  const changed = hasChanges(recorded);
  const out = flags.get('-out');
  if (out) {
    const state = readState();
    // Like a real plan file, each one differs (Terraform ≥ 1.5 stamps the plan with its time).
    const body = { format: PLAN_FORMAT, lineage: state.lineage, serial: state.serial, plan: { ...recorded, timestamp: new Date().toISOString() } };
    writeFileSync(out, JSON.stringify({ ...body, checksum: checksum(body) }));
  }
  process.stdout.write(changed ? `${planLine(recorded)}\n` : 'No changes. Your infrastructure matches the configuration.\n');
  if (out) process.stdout.write(`\nSaved the plan to: ${out}\n\nTo perform exactly these actions, run the following command to apply:\n    terraform apply "${out}"\n`);
  return flags.has('-detailed-exitcode') && changed ? 2 : 0;
}

function show(flags: Map<string, string>, args: readonly string[]): number {
  const [file] = args;
  if (!file) throw new CliError('show: this stand-in shows a plan file only: terraform show -json <file>');
  if (!flags.has('-json')) throw new CliError('show: this stand-in answers only -json');
  const saved = readPlanFile(file);
  if (!saved || saved.checksum !== checksum(withoutChecksum(saved))) throw new CliError(`Failed to read the given file as a state or plan file: ${file}`);
  process.stdout.write(`${JSON.stringify(saved.plan)}\n`);
  return 0;
}

function apply(args: readonly string[]): number {
  const [file] = args;
  if (!file) throw new CliError('apply: this stand-in applies a saved plan only: terraform apply <file>');
  const saved = readPlanFile(file);
  const state = readState();
  if (!saved || saved.checksum !== checksum(withoutChecksum(saved)) || saved.lineage !== state.lineage || saved.serial !== state.serial) {
    throw new CliError(
      'Saved plan is stale\n\nThe given plan file can no longer be applied because the state was changed by another operation after the plan was created.',
    );
  }
  const log = process.env['TF_STANDIN_APPLY_LOG'] || resolve('standin-applies.log');
  const sha256 = createHash('sha256').update(readFileSync(file)).digest('hex');
  const line = { at: new Date().toISOString(), cwd: process.cwd(), planFile: resolve(file), sha256, serial: state.serial + 1, addresses: changedAddresses(saved.plan), workspace: process.env['TF_WORKSPACE'] || 'default' };
  appendFileSync(log, `${JSON.stringify(line)}\n`);
  writeFileSync('terraform.tfstate', JSON.stringify({ version: 4, terraform_version: VERSION, lineage: state.lineage, serial: state.serial + 1, resources: [] }));
  const c = tally(saved.plan);
  process.stdout.write(`\nApply complete! Resources: ${c.add} added, ${c.change} changed, ${c.destroy} destroyed.\n`);
  return 0;
}

function readState(): State {
  if (!existsSync('terraform.tfstate')) {
    const lineage = createHash('sha256').update(`${process.cwd()}:${Date.now()}:${Math.random()}`).digest('hex').slice(0, 32);
    writeFileSync('terraform.tfstate', JSON.stringify({ version: 4, terraform_version: VERSION, lineage, serial: 0, resources: [] }));
  }
  const state = JSON.parse(readFileSync('terraform.tfstate', 'utf8')) as { lineage: string; serial: number };
  return { lineage: state.lineage, serial: state.serial };
}

function readPlanFile(file: string): StandinPlan | undefined {
  if (!existsSync(file)) throw new CliError(`Failed to load "${file}" as a plan file: no such file`);
  try {
    const saved = JSON.parse(readFileSync(file, 'utf8')) as StandinPlan;
    return saved.format === PLAN_FORMAT ? saved : undefined;
  } catch {
    return undefined;
  }
}

function withoutChecksum(saved: StandinPlan): Omit<StandinPlan, 'checksum'> {
  return { format: saved.format, lineage: saved.lineage, serial: saved.serial, plan: saved.plan };
}

function checksum(body: Omit<StandinPlan, 'checksum'>): string {
  return createHash('sha256').update(JSON.stringify(body)).digest('hex');
}

type Change = { address?: string; change?: { actions?: string[]; importing?: unknown }; previous_address?: string };

function changes(planJson: Record<string, unknown>): Change[] {
  return Array.isArray(planJson['resource_changes']) ? (planJson['resource_changes'] as Change[]) : [];
}

function hasChanges(planJson: Record<string, unknown>): boolean {
  const resource = changes(planJson).some((c) => c.change?.actions?.join() !== 'no-op' || c.change?.importing || (c.previous_address && c.previous_address !== c.address));
  const outputs = Object.values((planJson['output_changes'] ?? {}) as Record<string, { actions?: string[] }>).some((o) => o.actions?.join() !== 'no-op');
  return resource || outputs;
}

function changedAddresses(planJson: Record<string, unknown>): string[] {
  return changes(planJson)
    .filter((c) => c.change?.actions?.join() !== 'no-op')
    .map((c) => c.address ?? '?');
}

/** A rough tally for the stand-in's own messages; Jetway's plan summary does the exact count. */
function tally(planJson: Record<string, unknown>): { add: number; change: number; destroy: number } {
  const c = { add: 0, change: 0, destroy: 0 };
  for (const rc of changes(planJson)) {
    const actions = rc.change?.actions ?? [];
    if (actions.includes('create')) c.add++;
    if (actions.includes('update')) c.change++;
    if (actions.includes('delete')) c.destroy++;
  }
  return c;
}

function planLine(planJson: Record<string, unknown>): string {
  const c = tally(planJson);
  return `Plan: ${c.add} to add, ${c.change} to change, ${c.destroy} to destroy.`;
}

try {
  const code = main(process.argv.slice(2));
  if (code >= 0) process.exitCode = code;
} catch (error) {
  const message = error instanceof CliError ? error.message : String(error);
  process.stderr.write(`\nError: ${message}\n\n`);
  process.exitCode = 1;
}
