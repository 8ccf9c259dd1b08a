import type { WorkflowDefinition } from './workflow.types';

/** A case kind, or a version of it, that no loaded workflow defines. */
export class UnknownWorkflowError extends Error {
  readonly code = 'unknown-workflow';

  constructor(
    readonly kind: string,
    readonly version: number | undefined,
    message: string,
  ) {
    super(message);
    this.name = 'UnknownWorkflowError';
  }
}

/**
 * The loaded workflows by case kind and version. A case keeps the version it was filed under, so every
 * version stays available; new cases take the latest.
 */
export class WorkflowRegistry {
  private readonly byKind = new Map<string, Map<number, WorkflowDefinition>>();

  constructor(definitions: Iterable<WorkflowDefinition>) {
    for (const definition of definitions) {
      const versions = this.byKind.get(definition.id) ?? new Map<number, WorkflowDefinition>();
      if (versions.has(definition.version)) {
        throw new Error(`workflow "${definition.id}" version ${definition.version} is defined twice`);
      }
      versions.set(definition.version, definition);
      this.byKind.set(definition.id, versions);
    }
  }

  /** The case kinds, sorted. */
  kinds(): string[] {
    return [...this.byKind.keys()].sort();
  }

  /** Whether the kind exists, or, with a version, whether that version of it does. */
  has(kind: string, version?: number): boolean {
    const versions = this.byKind.get(kind);
    return versions !== undefined && (version === undefined || versions.has(version));
  }

  /** The versions of a kind, oldest first. */
  versions(kind: string): number[] {
    return [...this.versionsOf(kind).keys()].sort((a, b) => a - b);
  }

  get(kind: string, version: number): WorkflowDefinition {
    const definition = this.versionsOf(kind).get(version);
    if (definition === undefined) {
      throw new UnknownWorkflowError(kind, version, `case kind "${kind}" has no workflow version ${version}; versions: ${this.versions(kind).join(', ')}`);
    }
    return definition;
  }

  /** The highest version of a kind: the one a new case is filed under. */
  latest(kind: string): WorkflowDefinition {
    const versions = this.versions(kind);
    return this.get(kind, versions[versions.length - 1]);
  }

  private versionsOf(kind: string): Map<number, WorkflowDefinition> {
    const versions = this.byKind.get(kind);
    if (versions === undefined) {
      const known = this.kinds();
      throw new UnknownWorkflowError(kind, undefined, `unknown case kind "${kind}"; kinds: ${known.length > 0 ? known.join(', ') : '(none loaded)'}`);
    }
    return versions;
  }
}
