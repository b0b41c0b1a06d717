import { readFileSync } from 'node:fs';
import { sharedSchemaPath } from '@jetway/testing';
import { parse } from 'yaml';
import { compileSchema } from '../common/schema-check';
import type { CiFile } from '../types';
import { GithubWorker } from './github-worker';
import { ACTIONLINT, closeGithubValidators, validateGithubWorkflows, WORKFLOW_PARSER } from './github.validator';

const CHECKOUT = 'actions/checkout@11bd71901bbe5b1630ceea73d27597364c9af683'; // v4.2.2
const SETUP_NODE = 'actions/setup-node@39370e3970a6d050c480ffad4ff0ed4d3fdee5af'; // v4.1.0

export const VALID_WORKFLOW = `name: ci
on:
  push:
    branches: [main]
  pull_request:
permissions:
  contents: read
jobs:
  build:
    runs-on: ubuntu-latest
    strategy:
      matrix:
        node: [20, 22]
    steps:
      - uses: ${CHECKOUT}
      - uses: ${SETUP_NODE}
        with:
          node-version: \${{ matrix.node }}
          cache: npm
      - run: npm ci
      - run: npm test -- --coverage
  deploy:
    needs: build
    if: github.ref == 'refs/heads/main'
    runs-on: ubuntu-latest
    environment: production
    steps:
      - uses: ${CHECKOUT}
      - run: ./deploy.sh
        env:
          TITLE: \${{ github.event.head_commit.message }}
`;

const workflow = (content: string): CiFile => ({ path: '.github/workflows/ci.yml', platform: 'github_actions', content });

/** The text of `VALID_WORKFLOW` with one line replaced. */
function planted(find: string, replace: string): CiFile {
  if (!VALID_WORKFLOW.includes(find)) throw new Error(`sample has no '${find}'`);
  return workflow(VALID_WORKFLOW.replace(find, replace));
}

afterAll(() => closeGithubValidators());

describe('GitHub Actions workflows', () => {
  it('pass both GitHub’s parser and actionlint when valid (and the SchemaStore schema agrees)', async () => {
    const verdicts = await validateGithubWorkflows([workflow(VALID_WORKFLOW)]);
    expect(verdicts).toEqual([
      { file: '.github/workflows/ci.yml', platform: 'github_actions', validator: WORKFLOW_PARSER, ok: true, findings: [] },
      { file: '.github/workflows/ci.yml', platform: 'github_actions', validator: ACTIONLINT, ok: true, findings: [] },
    ]);
    const schemaStore = compileSchema(JSON.parse(readFileSync(sharedSchemaPath('github-workflow.json'), 'utf8')) as object);
    expect(schemaStore(parse(VALID_WORKFLOW))).toBe(true);
  });

  it('a job without runs-on fails both, with the line', async () => {
    const [parser, lint] = await validateGithubWorkflows([planted('    runs-on: ubuntu-latest\n    environment', '    environment')]);
    expect(parser).toMatchObject({ validator: WORKFLOW_PARSER, ok: false, findings: [{ message: 'Required property is missing: runs-on', line: 23 }] });
    expect(lint).toMatchObject({ validator: ACTIONLINT, ok: false });
    expect(lint?.findings).toContainEqual({ message: '"runs-on" section is missing in job "deploy" [syntax-check]', line: 22 });
  });

  it('an unknown key fails both', async () => {
    const [parser, lint] = await validateGithubWorkflows([planted('    runs-on: ubuntu-latest\n    strategy', '    runs-on: ubuntu-latest\n    timeout: 10\n    strategy')]);
    expect(parser?.findings).toEqual([{ message: "Unexpected value 'timeout'", line: 11 }]);
    expect(lint?.findings).toEqual([expect.objectContaining({ message: expect.stringMatching(/unexpected key "timeout" for "job" section/), line: 11 })]);
  });

  it('a bad expression fails both', async () => {
    const [parser, lint] = await validateGithubWorkflows([planted("if: github.ref == 'refs/heads/main'", "if: ${{ github.ref == 'refs/heads/main' }")]);
    expect(parser?.ok).toBe(false);
    expect(parser?.findings[0]).toMatchObject({ message: expect.stringContaining('The expression is not closed'), line: 24 });
    expect(lint?.ok).toBe(false);
    expect(lint?.findings[0]).toMatchObject({ line: 24 });
  });

  it('the conversion runs too: needs of an unknown job fails GitHub’s parser', async () => {
    const [parser] = await validateGithubWorkflows([planted('needs: build', 'needs: biuld')]);
    expect(parser?.findings).toEqual([{ message: "Job 'deploy' depends on unknown job 'biuld'.", line: 23 }]);
  });

  it('actionlint finds untrusted input inside run:, which the parser accepts', async () => {
    const [parser, lint] = await validateGithubWorkflows([planted('- run: ./deploy.sh', '- run: echo "${{ github.event.pull_request.title }}"')]);
    expect(parser?.ok).toBe(true);
    expect(lint?.findings).toEqual([expect.objectContaining({ message: expect.stringContaining('potentially untrusted'), line: 29 })]);
  });

  it('checks several files in one go, each with its own verdicts', async () => {
    const other: CiFile = { ...workflow('on: push\njobs: {}\n'), path: '.github/workflows/empty.yml' };
    const verdicts = await validateGithubWorkflows([workflow(VALID_WORKFLOW), other]);
    expect(verdicts.map((v) => [v.file, v.validator, v.ok])).toEqual([
      ['.github/workflows/ci.yml', WORKFLOW_PARSER, true],
      ['.github/workflows/ci.yml', ACTIONLINT, true],
      ['.github/workflows/empty.yml', WORKFLOW_PARSER, expect.any(Boolean)],
      ['.github/workflows/empty.yml', ACTIONLINT, expect.any(Boolean)],
    ]);
  });

  it('a thread that does not answer in time fails both verdicts saying so, and the next check starts a new one', async () => {
    const worker = new GithubWorker(1);
    const verdicts = await validateGithubWorkflows([workflow(VALID_WORKFLOW)], worker);
    expect(verdicts.map((v) => [v.validator, v.ok, v.findings[0]?.message])).toEqual([
      [WORKFLOW_PARSER, false, `${WORKFLOW_PARSER} could not run: GitHub validators did not answer within 0.001 s`],
      [ACTIONLINT, false, `${ACTIONLINT} could not run: GitHub validators did not answer within 0.001 s`],
    ]);
    const patient = new GithubWorker();
    expect((await validateGithubWorkflows([workflow(VALID_WORKFLOW)], patient)).map((v) => v.ok)).toEqual([true, true]);
    await Promise.all([worker.close(), patient.close()]);
  });
});
