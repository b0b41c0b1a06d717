export { CI_FIXTURES, CI_FIXTURE_NAMES, ciFixtureFiles, commitAll, createCiFixture, runGit, writeFiles } from './ci-fixtures';
export type { CiFixture, CiFixtureName, CiFixtureOptions } from './ci-fixtures';
export { nodeLockfile, type LockedWorkspace } from './npm-lockfile';
