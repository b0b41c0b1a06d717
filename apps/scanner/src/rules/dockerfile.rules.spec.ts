import { dockerfilePipeToShellRule } from './dockerfile-pipe-to-shell.rule';
import { dockerfileRemoteAddRule } from './dockerfile-remote-add.rule';
import { dockerfileRootUserRule } from './dockerfile-root-user.rule';
import { dockerfileSecretEnvRule } from './dockerfile-secret-env.rule';
import { dockerfileUnpinnedBaseRule } from './dockerfile-unpinned-base.rule';
import { isDockerfile, parseDockerfile } from './dockerfile.parser';
import type { Rule } from './rule.model';

function run(rule: Rule, lines: string[], path = 'Dockerfile') {
  const text = lines.join('\n');
  return rule.appliesTo(path) ? rule.check({ path, text }, { paths: new Set([path]) }) : [];
}

const lineNumbers = (rule: Rule, lines: string[]) => run(rule, lines).map((m) => m.line);

describe('Dockerfile parsing', () => {
  it('joins continuations, skips comments and keeps the starting line', () => {
    const parsed = parseDockerfile(['# c', 'FROM node:20', '', 'RUN a \\', '  # inner', '  && b', 'user app'].join('\n'));
    expect(parsed).toEqual([
      { keyword: 'FROM', args: 'node:20', line: 2 },
      { keyword: 'RUN', args: 'a && b', line: 4 },
      { keyword: 'USER', args: 'app', line: 7 },
    ]);
  });

  it.each([['Dockerfile', true], ['api/Dockerfile.prod', true], ['web.dockerfile', true], ['Containerfile', true], ['docker.md', false]])(
    'isDockerfile(%s) is %s',
    (path, expected) => expect(isDockerfile(path)).toBe(expected),
  );
});

describe('Dockerfile rules', () => {
  it('unpinned base: FROM without tag or with :latest', () => {
    expect(lineNumbers(dockerfileUnpinnedBaseRule, ['FROM node AS build', 'FROM registry:5000/app:latest', 'FROM build'])).toEqual([1, 2]);
    expect(
      lineNumbers(dockerfileUnpinnedBaseRule, [
        'FROM --platform=linux/amd64 node:20-alpine AS build',
        'FROM localhost:5000/app:1.2',
        'FROM node@sha256:abc',
        'FROM scratch',
        'FROM build',
        'FROM ${BASE}',
      ]),
    ).toEqual([]);
  });

  it('runs as root: no USER in the final stage, or USER root', () => {
    expect(run(dockerfileRootUserRule, ['FROM node:20 AS b', 'USER node', 'FROM node:20', 'CMD x'])).toEqual([
      { line: 3, message: 'the final stage sets no USER, so the container runs as root' },
    ]);
    expect(lineNumbers(dockerfileRootUserRule, ['FROM node:20', 'USER node', 'USER 0:0'])).toEqual([3]);
    expect(lineNumbers(dockerfileRootUserRule, ['FROM node:20', 'USER root', 'RUN apt-get update', 'USER 10001'])).toEqual([]);
  });

  it('remote ADD: reports URLs, accepts local files and --checksum', () => {
    expect(lineNumbers(dockerfileRemoteAddRule, ['FROM a:1', 'ADD https://example.com/tool.tgz /opt/'])).toEqual([2]);
    expect(lineNumbers(dockerfileRemoteAddRule, ['ADD ["http://example.com/x", "/x"]'])).toEqual([1]);
    expect(
      lineNumbers(dockerfileRemoteAddRule, ['ADD app.tgz /opt/', 'ADD --checksum=sha256:abc https://example.com/x /x']),
    ).toEqual([]);
  });

  it('pipe to shell: curl | sh and wget | sudo bash', () => {
    expect(
      lineNumbers(dockerfilePipeToShellRule, ['FROM a:1', 'RUN curl -fsSL https://get.example.com | sh', 'RUN wget -qO- x | sudo -E bash -']),
    ).toEqual([2, 3]);
    expect(
      lineNumbers(dockerfilePipeToShellRule, ['RUN curl -fsSL https://x -o i.sh && sha256sum -c s && sh i.sh', 'RUN cat x | sh']),
    ).toEqual([]);
  });

  it('secrets in ENV/ARG: names that hold secrets, in every ENV form', () => {
    expect(
      run(dockerfileSecretEnvRule, ['FROM a:1', 'ENV DB_PASSWORD="hunter2" PORT=80', 'ARG NPM_TOKEN', 'ENV API_KEY abc def']),
    ).toEqual([
      // the written value is handed back as the secret to mask; an ARG without default has none
      { line: 2, message: 'ENV DB_PASSWORD puts a secret into the image metadata and history', secret: 'hunter2' },
      { line: 3, message: 'ARG NPM_TOKEN puts a secret into the image metadata and history' },
      { line: 4, message: 'ENV API_KEY puts a secret into the image metadata and history', secret: 'abc def' },
    ]);
    expect(
      lineNumbers(dockerfileSecretEnvRule, ['ENV NODE_ENV=production MSG="token=x"', 'ENV PASSWORD_FILE=/run/secrets/db', 'ARG VERSION=1']),
    ).toEqual([]);
  });

  it('only looks at Dockerfiles', () => {
    expect(run(dockerfilePipeToShellRule, ['RUN curl x | sh'], 'README.md')).toEqual([]);
  });
});
