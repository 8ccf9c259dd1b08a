import type { Catalog, CatalogKind } from '../api/types';

/** Labels from the loaded workflows (GET /api/catalog); an unknown code is shown as it is. */
export function kindOf(catalog: Catalog, kind: string): CatalogKind | undefined {
  return catalog.kinds.find((k) => k.kind === kind);
}

export function kindLabel(catalog: Catalog, kind: string): string {
  return kindOf(catalog, kind)?.name ?? kind;
}

export function stageLabel(catalog: Catalog, kind: string, stage: string): string {
  return kindOf(catalog, kind)?.stages.find((s) => s.stage === stage)?.label ?? stage;
}

export function commandLabel(catalog: Catalog, kind: string, command: string): string {
  return kindOf(catalog, kind)?.commands.find((c) => c.command === command)?.label ?? command;
}

export function clockLabel(catalog: Catalog, kind: string, clock: string): string {
  return kindOf(catalog, kind)?.clocks.find((c) => c.clock === clock)?.label ?? clock;
}

/** Every stage of every kind, once per code, for a filter: the label of the first kind that has it. */
export function allStages(catalog: Catalog): Array<{ stage: string; label: string }> {
  const seen = new Map<string, string>();
  for (const kind of catalog.kinds) for (const s of kind.stages) if (!seen.has(s.stage)) seen.set(s.stage, s.label);
  return [...seen].map(([stage, label]) => ({ stage, label }));
}
