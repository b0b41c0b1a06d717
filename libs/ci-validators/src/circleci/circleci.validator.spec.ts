import type { CiFile } from '../types';
import { CIRCLECI_REFERENCES, CIRCLECI_SCHEMA, validateCircleci } from './circleci.validator';

const VALID = `version: 2.1
orbs:
  node: circleci/node@7.1.0
executors:
  node:
    docker:
      - image: cimg/node:22.11
commands:
  install:
    steps:
      - restore_cache:
          keys:
            - deps-{{ checksum "package-lock.json" }}
      - run: npm ci
      - save_cache:
          key: deps-{{ checksum "package-lock.json" }}
          paths: [~/.npm]
jobs:
  build:
    executor: node
    steps:
      - checkout
      - install
      - run: npm run build
  test:
    executor: node
    parameters:
      node-version:
        type: string
    steps:
      - checkout
      - node/install-packages
      - run: npm test
  deploy:
    executor: node
    steps:
      - checkout
      - run: ./deploy.sh production
workflows:
  ci:
    jobs:
      - build
      - test:
          name: test-<< matrix.node-version >>
          matrix:
            parameters:
              node-version: ['20', '22']
          requires: [build]
      - hold:
          type: approval
          requires: [test]
      - deploy:
          requires: [hold]
          filters:
            branches:
              only: main
`;

const circleci = (content: string): CiFile => ({ path: '.circleci/config.yml', platform: 'circleci', content });

function planted(find: string, replace: string): CiFile {
  if (!VALID.includes(find)) throw new Error(`sample has no '${find}'`);
  return circleci(VALID.replace(find, replace));
}

describe('CircleCI', () => {
  it('a valid config passes the official schema and the reference checks', async () => {
    expect(await validateCircleci(circleci(VALID))).toEqual([
      { file: '.circleci/config.yml', platform: 'circleci', validator: CIRCLECI_SCHEMA, ok: true, findings: [] },
      { file: '.circleci/config.yml', platform: 'circleci', validator: CIRCLECI_REFERENCES, ok: true, findings: [] },
    ]);
  });

  it('requires of a job outside the workflow fails the reference checks, with the line', async () => {
    const [schema, references] = await validateCircleci(planted('requires: [hold]', 'requires: [approve]'));
    expect(schema?.ok).toBe(true);
    expect(references).toMatchObject({ ok: false, findings: [{ message: "workflow ci: job deploy requires 'approve', which is not a job of this workflow", line: 53 }] });
  });

  it('undefined jobs, executors, commands and orbs are reported', async () => {
    const text = VALID.replace('      - build\n', '      - compile\n').replace('executor: node\n    steps:\n      - checkout\n      - install', 'executor: nodejs\n    steps:\n      - checkout\n      - instal').replace('node/install-packages', 'yarn/install');
    const [, references] = await validateCircleci(circleci(text));
    expect(references?.findings.map((f) => f.message)).toEqual([
      "job build: executor 'nodejs' is not defined in executors",
      "jobs.build.steps[1]: command 'instal' is not defined in commands",
      "jobs.test.steps[1]: command 'yarn/install' comes from orb 'yarn', which is not declared in orbs",
      "workflow ci: job 'compile' is not defined in jobs",
      "workflow ci: job test requires 'build', which is not a job of this workflow",
    ]);
  });

  it('an unknown key fails the schema', async () => {
    const [schema] = await validateCircleci(planted('  deploy:\n    executor: node', '  deploy:\n    executor: node\n    timeout: 10'));
    expect(schema).toMatchObject({ ok: false, findings: [expect.objectContaining({ message: expect.stringContaining("unexpected key 'timeout'") })] });
  });

  it('a missing version fails the schema', async () => {
    const [schema] = await validateCircleci(planted('version: 2.1\n', ''));
    expect(schema?.findings).toContainEqual(expect.objectContaining({ message: "(top level): missing required key 'version'" }));
  });
});
