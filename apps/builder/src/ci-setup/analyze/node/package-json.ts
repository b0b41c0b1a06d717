/** The fields of a package.json the analysis reads; everything else is ignored. */
export interface PackageJson {
  name?: string;
  scripts: Record<string, string>;
  /** dependencies, devDependencies, peer and optional ones: name → range. */
  deps: Record<string, string>;
  engines: Record<string, string>;
  workspaces: string[];
  packageManager?: string;
  volta: Record<string, string>;
  /** A `jest` config in the manifest. */
  jest?: Record<string, unknown>;
}

/** Parses a package.json with JSON.parse; a syntax error is thrown with the file named. */
export function parsePackageJson(text: string, file: string): PackageJson {
  let raw: unknown;
  try {
    raw = JSON.parse(text);
  } catch (error) {
    throw new SyntaxError(`${file} is not valid JSON (${(error as Error).message})`);
  }
  const json = record(raw);
  const workspaces = json['workspaces'];
  return {
    ...(typeof json['name'] === 'string' ? { name: json['name'] } : {}),
    scripts: strings(json['scripts']),
    deps: { ...strings(json['optionalDependencies']), ...strings(json['peerDependencies']), ...strings(json['dependencies']), ...strings(json['devDependencies']) },
    engines: strings(json['engines']),
    // npm and yarn 1 take an array; yarn also `{ packages: [...] }`.
    workspaces: list(Array.isArray(workspaces) ? workspaces : record(workspaces)['packages']),
    ...(typeof json['packageManager'] === 'string' ? { packageManager: json['packageManager'] } : {}),
    volta: strings(json['volta']),
    ...(typeof json['jest'] === 'object' && json['jest'] !== null ? { jest: record(json['jest']) } : {}),
  };
}

function record(value: unknown): Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value) ? (value as Record<string, unknown>) : {};
}

function strings(value: unknown): Record<string, string> {
  return Object.fromEntries(Object.entries(record(value)).filter((entry): entry is [string, string] => typeof entry[1] === 'string'));
}

function list(value: unknown): string[] {
  return Array.isArray(value) ? value.filter((item): item is string => typeof item === 'string') : [];
}
