export { analyzeProject, nothingToBuild, type AnalyzeOutputs, type AnalyzeProjectDeps, type AnalyzeProjectResult } from './analyze-project.use-case';
export { analyzeTree, type TreeAnalysis } from './analyze-tree';
export { readProjectTree, ProjectTree } from './project-tree';
