import { chmodSync } from 'node:fs';
import { createServer, type Server } from 'node:net';
import { join } from 'node:path';
import { makeTempDir, writeTree } from '../../drivers/command/fixtures.testing';
import { freePort } from '@jetway/testing';
import { missingToolchain, programsOf, tcpReachable } from './toolchain';

describe('programsOf', () => {
  it.each([
    ['npm ci', ['npm']],
    ['npm run build --if-present && npm test', ['npm', 'npm']],
    ['CI=1 NODE_OPTIONS="--max-old-space-size=512" node --test', ['node']],
    ['env GOFLAGS=-mod=mod go test -cover ./... | tee out.txt', ['go', 'tee']],
    ['cd services/api; ./mvnw -B verify || exit 1', ['./mvnw']],
    ['npm test 2>&1 | tee test.log; node x &>/dev/null', ['npm', 'tee', 'node']],
    ['python -m pip install -r requirements.txt & wait', ['python']],
    ['echo "a && gofmt" ; test -f x', []],
    ["printf 'x|y' > f; $TOOL run", []],
    ['coverage run -m unittest\ncoverage report --fail-under=80', ['coverage', 'coverage']],
  ])('%s → %j', (command, programs) => {
    expect(programsOf(command)).toEqual(programs);
  });
});

describe('missingToolchain', () => {
  let tmp: ReturnType<typeof makeTempDir>;
  beforeEach(() => (tmp = makeTempDir('toolchain')));
  afterEach(() => tmp.cleanup());
  const env = () => ({ PATH: process.env.PATH, HOME: tmp.path });
  const online = async () => undefined;

  it('is satisfied when every program is on PATH', async () => {
    expect(await missingToolchain(['sh -c true', 'node --version'], { cwd: tmp.path, env: env(), reachable: online })).toBeUndefined();
  });

  it('names the programs PATH does not have and the commands that need them', async () => {
    const reason = await missingToolchain(['go-jetway-missing mod download', 'go-jetway-missing test -cover ./...'], { cwd: tmp.path, env: env() });
    expect(reason).toBe('go-jetway-missing not found on PATH (needed by: go-jetway-missing mod download ; go-jetway-missing test -cover ./...)');
  });

  it('looks relative programs up in the component directory', async () => {
    writeTree(tmp.path, { 'gradlew': '#!/bin/sh\n' });
    chmodSync(join(tmp.path, 'gradlew'), 0o755);
    expect(await missingToolchain(['./gradlew test'], { cwd: tmp.path, env: { PATH: '/nowhere' }, reachable: online })).toBe(
      'java not found on PATH (needed by: ./gradlew test)',
    );
  });

  it('skips a Maven build whose plugin repository cannot be reached, saying why', async () => {
    const binDir = join(tmp.path, 'bin');
    writeTree(binDir, { mvn: '#!/bin/sh\n', java: '#!/bin/sh\n' });
    chmodSync(join(binDir, 'mvn'), 0o755);
    chmodSync(join(binDir, 'java'), 0o755);
    const asked: string[] = [];
    const offline = async (host: string, port: number) => (asked.push(`${host}:${port}`), 'getaddrinfo ENOTFOUND repo.maven.apache.org');
    const reason = await missingToolchain(['mvn -B verify'], { cwd: tmp.path, env: { PATH: binDir }, reachable: offline });
    expect(reason).toBe('Maven needs its plugin repository and repo.maven.apache.org cannot be reached from this machine (getaddrinfo ENOTFOUND repo.maven.apache.org)');
    expect(asked).toEqual(['repo.maven.apache.org:443']);
    expect(await missingToolchain(['mvn -B verify'], { cwd: tmp.path, env: { PATH: binDir }, reachable: online })).toBeUndefined();
  });
});

describe('missingToolchain, from the project files', () => {
  let tmp: ReturnType<typeof makeTempDir>;
  let bin: string;
  beforeEach(() => {
    tmp = makeTempDir('markers');
    bin = join(tmp.path, 'bin');
    writeTree(bin, { make: '#!/bin/sh\n', java: '#!/bin/sh\n' });
    chmodSync(join(bin, 'make'), 0o755);
    chmodSync(join(bin, 'java'), 0o755);
  });
  afterEach(() => tmp.cleanup());

  it('finds the go a Makefile hides', async () => {
    writeTree(tmp.path, { 'go.mod': 'module example.com/hello\n' });
    expect(await missingToolchain(['make test'], { cwd: tmp.path, env: { PATH: bin } })).toBe('go not found on PATH (needed by: go.mod ; make test)');
  });

  it("probes Maven's repository for a pom.xml whatever the command is called", async () => {
    writeTree(tmp.path, { 'pom.xml': '<project/>\n' });
    const offline = async (host: string) => `getaddrinfo ENOTFOUND ${host}`;
    expect(await missingToolchain(['make verify'], { cwd: tmp.path, env: { PATH: bin }, reachable: offline })).toBe(
      'Maven needs its plugin repository and repo.maven.apache.org cannot be reached from this machine (getaddrinfo ENOTFOUND repo.maven.apache.org)',
    );
  });
});

describe('tcpReachable', () => {
  let server: Server;
  afterEach(() => server?.close());

  it('says a listening port is reachable and a closed one is not', async () => {
    server = createServer((socket) => socket.end());
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const address = server.address();
    const open = typeof address === 'object' && address ? address.port : 0;
    expect(await tcpReachable('127.0.0.1', open)).toBeUndefined();
    expect(await tcpReachable('127.0.0.1', await freePort())).toMatch(/ECONNREFUSED/);
    expect(await tcpReachable('no-such-host.invalid', 443)).toMatch(/ENOTFOUND|EAI_AGAIN/);
  });
});
