import type { ValidatorFinding } from '../types';
import { readGroovyBlocks, type Block } from './groovy-blocks';

/** Sections and directives of `pipeline { }` (Jenkins' Pipeline Syntax reference, declarative). */
const PIPELINE_SECTIONS = new Set(['agent', 'environment', 'options', 'parameters', 'triggers', 'tools', 'stages', 'post', 'libraries']);
const STAGE_SECTIONS = new Set(['agent', 'environment', 'options', 'input', 'when', 'tools', 'post', 'steps', 'stages', 'parallel', 'matrix', 'failFast']);
/** A stage does exactly one of these. */
const STAGE_BODIES = ['steps', 'stages', 'parallel', 'matrix'];
const POST_CONDITIONS = new Set(['always', 'changed', 'fixed', 'regression', 'aborted', 'failure', 'success', 'unstable', 'unsuccessful', 'cleanup', 'notBuilt']);
const AGENT_KINDS = new Set(['any', 'none', 'label', 'node', 'docker', 'dockerfile', 'kubernetes']);

/**
 * The declarative pipeline's structure as Jenkins' parser would judge it, without Jenkins:
 * balanced brackets and closed strings, one `pipeline` block with the required `agent` and
 * `stages`, only known sections, stages that each run something (steps, stages, parallel or
 * matrix) under unique names, non-empty `steps`, and known `post` conditions. What runs inside
 * `steps` (Groovy, plugin steps) is not checked: only Jenkins can.
 */
export function jenkinsfileFindings(text: string): ValidatorFinding[] {
  const { root, errors } = readGroovyBlocks(text);
  if (errors.length > 0) return errors;
  const pipelines = root.children.filter((block) => block.name === 'pipeline');
  if (pipelines.length !== 1) {
    return [{ message: pipelines.length === 0 ? 'no pipeline { } block: not a declarative pipeline' : `${pipelines.length} pipeline blocks; a Jenkinsfile has one`, line: pipelines[1]?.line ?? 1 }];
  }
  const pipeline = pipelines[0] as Block;
  const findings: ValidatorFinding[] = [];
  const report = (message: string, line: number) => findings.push({ message, line });
  for (const block of pipeline.children) {
    if (!PIPELINE_SECTIONS.has(block.name)) report(`pipeline: unknown section '${block.header}'`, block.line);
  }
  for (const statement of pipeline.statements) {
    const name = /^\w+/.exec(statement.text)?.[0] ?? statement.text;
    if (name !== 'agent') report(`pipeline: '${statement.text}' is not a section of a declarative pipeline`, statement.line);
  }
  checkAgent(pipeline, 'pipeline', true, report);
  const stages = pipeline.children.filter((block) => block.name === 'stages');
  if (stages.length === 0) report("pipeline: missing required section 'stages'", pipeline.line);
  for (const block of stages) checkStages(block, report, new Set());
  for (const post of pipeline.children.filter((block) => block.name === 'post')) checkPost(post, report);
  return findings;
}

type Report = (message: string, line: number) => void;

/** `agent any|none` as a statement, or `agent { label|docker|… }` as a block. */
function checkAgent(owner: Block, where: string, required: boolean, report: Report): void {
  const statements = owner.statements.filter((s) => /^agent\b/.test(s.text));
  const blocks = owner.children.filter((b) => b.name === 'agent');
  if (statements.length + blocks.length === 0) {
    if (required) report(`${where}: missing required section 'agent'`, owner.line);
    return;
  }
  for (const statement of statements) {
    const kind = statement.text.replace(/^agent\s*/, '').replace(/^['"]|['"]$/g, '');
    if (!['any', 'none'].includes(kind)) report(`${where}: 'agent ${kind}' (say agent any, agent none, or agent { label … })`, statement.line);
  }
  for (const block of blocks) {
    const kinds = [...block.children.map((b) => b.name), ...block.statements.map((s) => /^\w+/.exec(s.text)?.[0] ?? s.text)];
    if (kinds.length === 0) report(`${where}: empty agent { }`, block.line);
    for (const kind of kinds) if (!AGENT_KINDS.has(kind)) report(`${where}: unknown agent type '${kind}'`, block.line);
  }
}

function checkStages(stages: Block, report: Report, names: Set<string>): void {
  const stageBlocks = stages.children.filter((block) => block.name === 'stage');
  if (stageBlocks.length === 0) report('stages: no stage in it', stages.line);
  for (const other of [...stages.children.filter((block) => block.name !== 'stage'), ...stages.statements]) {
    report(`stages: only stage('…') { } belongs here, not '${'header' in other ? other.header : other.text}'`, other.line);
  }
  for (const stage of stageBlocks) checkStage(stage, report, names);
}

function checkStage(stage: Block, report: Report, names: Set<string>): void {
  const name = stage.args[0];
  if (name === undefined) return report(`${stage.header}: a stage needs a name in quotes, stage('Build')`, stage.line);
  const where = `stage '${name}'`;
  if (names.has(name)) report(`${where}: the name is used twice (Jenkins refuses duplicate stage names)`, stage.line);
  names.add(name);
  for (const block of stage.children) {
    if (!STAGE_SECTIONS.has(block.name)) report(`${where}: unknown section '${block.header}'`, block.line);
  }
  for (const statement of stage.statements) {
    if (!/^(agent|failFast)\b/.test(statement.text)) report(`${where}: '${statement.text}' belongs inside steps { }`, statement.line);
  }
  const bodies = stage.children.filter((block) => STAGE_BODIES.includes(block.name));
  if (bodies.length !== 1) {
    report(`${where}: ${bodies.length === 0 ? 'nothing to run (no steps, stages, parallel or matrix)' : 'more than one of steps, stages, parallel and matrix'}`, stage.line);
  }
  checkAgent(stage, where, false, report);
  for (const body of bodies) {
    if (body.name === 'steps' && body.children.length === 0 && body.statements.length === 0) report(`${where}: steps { } is empty`, body.line);
    if (body.name === 'stages') checkStages(body, report, names);
    if (body.name === 'parallel') checkStages(body, report, names);
  }
  for (const post of stage.children.filter((block) => block.name === 'post')) checkPost(post, report);
}

function checkPost(post: Block, report: Report): void {
  for (const condition of post.children) {
    if (!POST_CONDITIONS.has(condition.name)) report(`post: unknown condition '${condition.header}'`, condition.line);
  }
  for (const statement of post.statements) report(`post: '${statement.text}' must be inside a condition such as always { }`, statement.line);
}
