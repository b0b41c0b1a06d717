import { execFile } from 'node:child_process';
import { access } from 'node:fs/promises';
import { connect } from 'node:net';
import { basename, join } from 'node:path';

/** Shell words that are not programs on PATH (builtins, keywords) or that only wrap the next word. */
const SHELL_WORDS = new Set([
  '!', '{', '}', '(', ')', '[', '[[', '.', ':', 'cd', 'echo', 'printf', 'test', 'export', 'set', 'unset', 'true', 'false',
  'exit', 'if', 'then', 'else', 'elif', 'fi', 'for', 'while', 'until', 'do', 'done', 'case', 'esac', 'source', 'read',
  'shift', 'return', 'eval', 'trap', 'wait', 'pushd', 'popd', 'ulimit', 'umask', 'type', 'local',
]);
const WRAPPERS = new Set(['env', 'exec', 'time', 'command', 'nice', 'nohup']);
const ASSIGNMENT = /^[A-Za-z_][A-Za-z0-9_]*=/;

/** Build tools that fetch their plugins from a remote repository before they build anything. */
const NEEDS_REPOSITORY: Readonly<Record<string, { tool: string; host: string }>> = {
  mvn: { tool: 'Maven', host: 'repo.maven.apache.org' },
  mvnw: { tool: 'Maven', host: 'repo.maven.apache.org' },
  gradle: { tool: 'Gradle', host: 'plugins.gradle.org' },
  gradlew: { tool: 'Gradle', host: 'services.gradle.org' },
};
/** What those tools run on, though no command names it. */
const JVM_TOOLS = new Set(['mvn', 'mvnw', 'gradle', 'gradlew']);

/**
 * Project files that say which toolchain the component needs even when its commands hide it
 * (`make test` in a Go module, a script calling `mvn`): the program, and the repository needed.
 */
const MARKERS: ReadonlyArray<{ file: string; program: string; repository?: string }> = [
  { file: 'go.mod', program: 'go' },
  { file: 'pom.xml', program: 'java', repository: 'mvn' },
  { file: 'build.gradle', program: 'java', repository: 'gradle' },
  { file: 'build.gradle.kts', program: 'java', repository: 'gradle' },
  { file: 'Cargo.toml', program: 'cargo' },
  { file: 'package.json', program: 'node' },
];

/** Whether `host:port` accepts a TCP connection: `undefined` when it does, else why not. */
export type Reachability = (host: string, port: number) => Promise<string | undefined>;

export interface ToolchainCheck {
  /** The component's directory: relative programs (`./mvnw`) are looked up from here. */
  cwd: string;
  /** The environment the commands will run with: its PATH decides what is installed. */
  env: NodeJS.ProcessEnv;
  reachable?: Reachability;
}

/**
 * Why a component's commands cannot run on this machine, before running them: programs missing
 * from PATH (`command -v` in the commands' own environment) — those the commands start and those
 * the component's project files imply (`go.mod` → go, `pom.xml` → java …), since `make test` hides
 * the toolchain it calls — or a Maven/Gradle build while its
 * plugin repository cannot be reached (no network: the build would fail on a download, which
 * says nothing about the generated pipeline). `undefined` when everything needed is here.
 */
export async function missingToolchain(commands: string[], check: ToolchainCheck): Promise<string | undefined> {
  const markers = await markersIn(check.cwd);
  const programs = [...new Set(commands.flatMap(programsOf))];
  const jvm = programs.some((program) => JVM_TOOLS.has(basename(program)));
  const required = [...new Set([...programs, ...(jvm ? ['java'] : []), ...markers.map((marker) => marker.program)])];
  const missing = await notOnPath(required, check);
  if (missing.length > 0) {
    const needers = [...markers.filter((marker) => missing.includes(marker.program)).map((marker) => marker.file), ...commands];
    return `${missing.join(', ')} not found on PATH (needed by: ${needers.join(' ; ')})`;
  }
  const reachable = check.reachable ?? tcpReachable;
  const builders = [...new Set([...programs.map((program) => basename(program)), ...markers.flatMap((marker) => marker.repository ?? [])])];
  const probed = new Set<string>();
  for (const builder of builders) {
    const needs = NEEDS_REPOSITORY[builder];
    if (!needs || probed.has(needs.host)) continue;
    probed.add(needs.host);
    const why = await reachable(needs.host, 443);
    if (why !== undefined) return `${needs.tool} needs its plugin repository and ${needs.host} cannot be reached from this machine (${why})`;
  }
  return undefined;
}

/**
 * The programs a command line starts: the first word of each simple command (split on `&&`,
 * `||`, `;`, `|`, `&` and newlines outside quotes), after variable assignments and wrappers
 * such as `env`; builtins, keywords and words built from variables are left out.
 */
export function programsOf(command: string): string[] {
  const programs: string[] = [];
  for (const words of simpleCommands(command)) {
    const program = words.find((word) => !ASSIGNMENT.test(word) && !WRAPPERS.has(word));
    if (program === undefined || SHELL_WORDS.has(program) || program.includes('$') || program.startsWith('-')) continue;
    programs.push(program);
  }
  return programs;
}

/** Splits a command line into simple commands' words, honouring quotes and backslashes. */
function simpleCommands(command: string): string[][] {
  const commands: string[][] = [];
  let words: string[] = [];
  let word: string | undefined;
  let quote: string | undefined;
  const endWord = () => {
    if (word !== undefined) words.push(word);
    word = undefined;
  };
  const endCommand = () => {
    endWord();
    if (words.length > 0) commands.push(words);
    words = [];
  };
  for (let i = 0; i < command.length; i++) {
    const char = command[i] as string;
    if (quote !== undefined) {
      if (char === quote) quote = undefined;
      else word = (word ?? '') + char;
    } else if (char === '\\') {
      word = (word ?? '') + (command[++i] ?? '');
    } else if (char === '"' || char === "'") {
      quote = char;
      word ??= '';
    } else if (char === '&' && (/[<>]/.test(command[i - 1] ?? '') || command[i + 1] === '>')) {
      word = (word ?? '') + char; // a redirection (2>&1, &>file), not a background job
    } else if ('&|;\n'.includes(char)) {
      endCommand();
    } else if (/\s/.test(char)) {
      endWord();
    } else {
      word = (word ?? '') + char;
    }
  }
  endCommand();
  return commands;
}

async function markersIn(dir: string): Promise<Array<(typeof MARKERS)[number]>> {
  const found = await Promise.all(MARKERS.map((marker) => access(join(dir, marker.file)).then(() => marker, () => undefined)));
  return found.filter((marker) => marker !== undefined);
}

/** The programs `command -v` cannot find in `cwd` with `env`. */
function notOnPath(programs: string[], check: ToolchainCheck): Promise<string[]> {
  if (programs.length === 0) return Promise.resolve([]);
  const script = 'for p in "$@"; do command -v -- "$p" >/dev/null 2>&1 || printf "%s\\n" "$p"; done';
  return new Promise((resolve, reject) => {
    execFile('/bin/sh', ['-c', script, 'sh', ...programs], { cwd: check.cwd, env: check.env, timeout: 10_000 }, (error, stdout) => {
      if (error) reject(error);
      else resolve(stdout.split('\n').filter((line) => line !== ''));
    });
  });
}

/** A TCP connection attempt with a short limit: DNS failure, refusal or silence all mean "not reachable". */
export function tcpReachable(host: string, port: number, timeoutMs = 3000): Promise<string | undefined> {
  return new Promise((resolve) => {
    const socket = connect({ host, port, timeout: timeoutMs });
    const done = (why: string | undefined) => {
      socket.destroy();
      resolve(why);
    };
    socket.once('connect', () => done(undefined));
    socket.once('timeout', () => done(`no answer within ${timeoutMs} ms`));
    socket.once('error', (error: Error) => done(error.message));
  });
}
