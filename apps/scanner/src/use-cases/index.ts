export {
  scanArtifact,
  type ScanArtifactDeps,
  type ScanArtifactOutputs,
  type ScanArtifactResult,
} from './scan-artifact.use-case';
export { artifactObjectName, sarifObjectName, type ArtifactReader } from './artifact-reader.port';
export {
  readArchive,
  DEFAULT_ARCHIVE_LIMITS,
  type ArchiveContents,
  type ArchiveEntry,
  type ArchiveLimits,
} from './read-archive.use-case';
export { scanEntries, TOP_FINDINGS, type ScanResult } from './scan-entries.use-case';
export { toSarif, type SarifLog, type SarifMeta } from './to-sarif.use-case';
export { RULES, type Finding, type Rule } from '../rules';
