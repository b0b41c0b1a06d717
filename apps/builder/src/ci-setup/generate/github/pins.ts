/**
 * Every action the generated workflows use, pinned by the full commit SHA its release tag pointed
 * to (a tag can be moved, a commit cannot); the tag goes in a comment beside it so Dependabot and
 * people can read and bump it. Each SHA was checked against public workflows that pin the same
 * release (see the report of issue 8); update them together.
 */
export const ACTION_PINS = {
  checkout: { uses: 'actions/checkout@11bd71901bbe5b1630ceea73d27597364c9af683', tag: 'v4.2.2' },
  setupNode: { uses: 'actions/setup-node@49933ea5288caeca8642d1e84afbd3f7d6820020', tag: 'v4.4.0' },
  setupPython: { uses: 'actions/setup-python@a26af69be951a213d495a4c3e4e4022e16d87065', tag: 'v5.6.0' },
  setupGo: { uses: 'actions/setup-go@d35c59abb061a4a6fb18e82ac0862c26744d6ab5', tag: 'v5.5.0' },
  setupJava: { uses: 'actions/setup-java@c5195efecf7bdfc987ee8bae7a71cb8b11521c00', tag: 'v4.7.1' },
  cache: { uses: 'actions/cache@5a3ec84eff668545956fd18022155c47e93e2684', tag: 'v4.2.3' },
  uploadArtifact: { uses: 'actions/upload-artifact@ea165f8d65b6e75b540449e92b4886f43607fa02', tag: 'v4.6.2' },
  codeqlInit: { uses: 'github/codeql-action/init@ff0a06e83cb2de871e5a09832bc6a81e7276941f', tag: 'v3.28.18' },
  codeqlAnalyze: { uses: 'github/codeql-action/analyze@ff0a06e83cb2de871e5a09832bc6a81e7276941f', tag: 'v3.28.18' },
} as const;

const TAG_BY_USES = new Map<string, string>(Object.values(ACTION_PINS).map((pin) => [pin.uses, pin.tag]));

/** The release tag of a pinned `uses:` value, for the comment beside it. */
export function pinnedTag(uses: string): string | undefined {
  return TAG_BY_USES.get(uses);
}
