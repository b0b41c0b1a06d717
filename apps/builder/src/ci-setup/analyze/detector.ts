import { posix } from 'node:path';
import type { ProjectComponent } from '@jetway/contracts';
import type { ProjectTree } from './project-tree';

/** Where a detector looks: one directory of the tree, maybe a member of a workspace rooted elsewhere. */
export interface DetectContext {
  tree: ProjectTree;
  /** Directory relative to the project root, `.` for the root. */
  dir: string;
  /** The workspace root when `dir` is a member of a monorepo (lockfiles and version files may live there). */
  workspaceRoot?: string;
  /** The name to give a component whose manifest names none (the application's name at the root). */
  fallbackName: string;
  /** Accept a directory with source files but no manifest (only when nothing else was found). */
  loose?: boolean;
}

/** What a detector found in one directory: a component, and what it could not decide, in words. */
export interface Detection {
  component?: ProjectComponent;
  notes: string[];
}

export type ComponentDetector = (context: DetectContext) => Detection | undefined;

/** A monorepo's layout as its workspace tool declares it. */
export interface Workspace {
  tool: string;
  /** Member directories relative to the root, sorted. */
  members: string[];
  /**
   * `members`: each member is a component (npm/pnpm/yarn workspaces, go.work). `root`: the tool
   * builds every member from the root in one go (a Maven reactor, a Gradle build, a Cargo
   * workspace), so the root is the one component.
   */
  builds: 'members' | 'root';
  notes: string[];
}

/** The name of a component in `dir`: the manifest's, else the directory's, else the fallback. */
export function componentName(context: DetectContext, fromManifest: string | undefined): string {
  if (fromManifest && fromManifest.trim() !== '') return fromManifest.trim();
  return context.dir === '.' ? context.fallbackName : posix.basename(context.dir);
}

/** `dir` itself, then the workspace root and the project root: where shared version files live. */
export function lookupDirs(context: DetectContext): string[] {
  return [...new Set([context.dir, context.workspaceRoot ?? context.dir, '.'])];
}

/** The first of `names` found in the lookup directories, as a root-relative path. */
export function findUp(context: DetectContext, ...names: string[]): string | undefined {
  for (const dir of lookupDirs(context)) {
    for (const name of names) {
      const path = dir === '.' ? name : `${dir}/${name}`;
      if (context.tree.has(path)) return path;
    }
  }
  return undefined;
}

/** Runtime versions without repeats, in the order found. */
export function unique(values: (string | undefined)[]): string[] {
  return [...new Set(values.filter((value): value is string => value !== undefined && value.trim() !== ''))];
}

/** `{ [key]: value }`, or nothing when the value is absent: optional component fields stay absent, never `undefined`. */
export function optional<K extends string>(key: K, value: string | undefined): Partial<Record<K, string>> {
  return value === undefined ? {} : ({ [key]: value } as Record<K, string>);
}
