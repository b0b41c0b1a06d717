export {
  buildArtifact,
  type BuildArtifactDeps,
  type BuildArtifactOutputs,
  type BuildArtifactResult,
} from './build-artifact.use-case';
export { artifactObjectName, buildLogObjectName, type ArtifactStore } from './artifact-store.port';
export type { BuildDriver, DriverBuildResult } from './build-driver.port';
