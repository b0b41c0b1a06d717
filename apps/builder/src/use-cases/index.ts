export {
  buildArtifact,
  type BuildArtifactDeps,
  type BuildArtifactOutputs,
  type BuildArtifactResult,
} from './build-artifact.use-case';
export { artifactObjectName, type ArtifactStore } from './artifact-store.port';
export type { BuildDriver, DriverBuildResult, PackedTree } from './build-driver.port';
