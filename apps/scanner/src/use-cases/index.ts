export {
  scanArtifact,
  type ScanArtifactDeps,
  type ScanArtifactOutputs,
  type ScanArtifactResult,
  type TopFinding,
} from './scan-artifact.use-case';
export { artifactObjectName, sarifObjectName, type ArtifactReader } from './artifact-reader.port';
export {
  readArchive,
  DEFAULT_ARCHIVE_LIMITS,
  type ArchiveContents,
  type ArchiveEntry,
  type ArchiveLimits,
} from './read-archive.use-case';
export { scanEntries, judge, TOP_FINDINGS, type ScanEntriesOptions, type ScanResult } from './scan-entries.use-case';
export { describeScan, type FindingLine, type ScanFacts, type ScanReport } from './describe-scan.use-case';
export { maskSecrets, excerptOf } from './mask-secrets.use-case';
export { toSarif, relativeUri, type SarifLog, type SarifMeta } from './to-sarif.use-case';
export { RULES, type Finding, type Rule, type ScanTarget } from '../rules';
export { validateBundle, BUNDLE_CHECK, type ValidateBundleDeps, type ValidateBundleResult } from './validate-bundle.use-case';
export { describeValidation, type ValidationFacts, type ValidationReport } from './describe-validation.use-case';
export { readVerified } from './read-verified.use-case';
