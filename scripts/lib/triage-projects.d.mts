// Types of triage-projects.mjs, for the unit tests (the scripts themselves are plain ESM).
export interface ProjectsFile {
  seed: number;
  npm?: Record<string, string>;
  debian?: Record<string, string>;
  split?: { dev: string[]; blind: string[]; blind2?: string[]; blind3?: string[]; blind4?: string[]; blind5?: string[]; blind6?: string[]; blind7?: string[]; blind8?: string[]; blind9?: string[]; blind10?: string[]; blind11?: string[] };
}
export interface Project {
  id: string;
  ecosystem: 'npm' | 'debian';
  name: string;
  version: string;
  half: Half | undefined;
}
export type Half = 'dev' | 'blind' | 'blind2' | 'blind3' | 'blind4' | 'blind5' | 'blind6' | 'blind7' | 'blind8' | 'blind9' | 'blind10' | 'blind11';
export const HALVES: readonly Half[];
export const ROOT: string;
export const PROJECTS_FILE: string;
export const TRIAGE_CACHE: string;
export function readProjectsFile(file?: string): ProjectsFile;
export function listProjects(data?: ProjectsFile): Project[];
export function seededSplit(data: ProjectsFile): { dev: string[]; blind: string[] };
export function checkSplit(data: ProjectsFile): string[];
export function analysisRoot(project: Project): string;
export function isInstalled(project: Project): boolean;
export function installProjects(projects?: Project[]): Project[];
