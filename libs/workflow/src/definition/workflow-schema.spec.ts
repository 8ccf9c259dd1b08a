import * as fs from 'node:fs';
import type { PeriodUnit } from '../calendar/working-calendar';
import { findWorkflowSchemaFile } from '../loader/workflow.loader';
import {
  CASE_COMMAND_TYPES,
  CASE_FAMILIES,
  CLOCK_EVENT_TYPES,
  ROLES,
  type ClockDefinition,
  type ClockExtension,
  type ClockLength,
  type ClockRule,
  type CommandRule,
  type NoClockRule,
  type EscalationPolicy,
  type StageDefinition,
  type StallRule,
  type WorkflowDefinition,
} from './workflow.types';

interface SchemaNode {
  type?: string;
  enum?: string[];
  required?: string[];
  properties?: Record<string, SchemaNode>;
  additionalProperties?: boolean | SchemaNode;
  propertyNames?: SchemaNode;
  items?: SchemaNode;
  $defs?: Record<string, SchemaNode>;
}

/** Every key of T, and whether TypeScript requires it: the compiler keeps these tables in step with the types. */
type KeyShape<T> = { [K in keyof T]-?: object extends Pick<T, K> ? 'optional' : 'required' };

const UNITS: Record<PeriodUnit, true> = { 'working-days': true, 'calendar-days': true };
const ON_RESUME: Record<ClockRule['onResume'], true> = { remaining: true, restart: true };

const WORKFLOW: KeyShape<WorkflowDefinition> = {
  id: 'required',
  version: 'required',
  name: 'required',
  family: 'required',
  initialStage: 'required',
  stages: 'required',
  commands: 'required',
  clocks: 'required',
  escalation: 'required',
  stalls: 'required',
};
const STAGE: KeyShape<StageDefinition> = { label: 'required', final: 'optional' };
const COMMAND: KeyShape<CommandRule> = {
  label: 'required',
  from: 'required',
  to: 'optional',
  roles: 'required',
  validFrom: 'optional',
  validTo: 'optional',
  citation: 'optional',
};
const CLOCK: KeyShape<ClockDefinition> = { label: 'required', startsOn: 'required', stopsOn: 'required', rules: 'required', remindBefore: 'required' };
const RULE: KeyShape<ClockRule> = {
  id: 'required',
  citation: 'required',
  validFrom: 'required',
  validTo: 'optional',
  unit: 'required',
  length: 'required',
  extension: 'optional',
  onResume: 'required',
};
const NO_CLOCK: KeyShape<NoClockRule> = { id: 'required', citation: 'required', validFrom: 'required', validTo: 'optional', noClock: 'required' };
const LENGTH: KeyShape<ClockLength> = { default: 'required', complex: 'optional', remoteArea: 'optional', complexRemoteArea: 'optional' };
const EXTENSION: KeyShape<ClockExtension> = { length: 'required', max: 'required' };
const EXTENSION_MAX: KeyShape<ClockExtension['max']> = { default: 'required', complex: 'optional', especiallyComplex: 'optional' };
const ESCALATION: KeyShape<EscalationPolicy> = { chain: 'required', repeatEvery: 'required' };
const STALL: KeyShape<StallRule> = { stage: 'required', workingDays: 'required', label: 'required' };

const schema = JSON.parse(fs.readFileSync(findWorkflowSchemaFile(), 'utf8')) as SchemaNode;
const defs = schema.$defs ?? {};

function keysOf(node: SchemaNode | undefined): { required: string[]; optional: string[] } {
  const all = Object.keys(node?.properties ?? {});
  const required = [...(node?.required ?? [])].sort();
  return { required, optional: all.filter((k) => !required.includes(k)).sort() };
}

function expected(shape: Record<string, 'required' | 'optional'>): { required: string[]; optional: string[] } {
  const keys = Object.keys(shape);
  return { required: keys.filter((k) => shape[k] === 'required').sort(), optional: keys.filter((k) => shape[k] === 'optional').sort() };
}

function objectNodes(node: unknown, at: string): [string, SchemaNode][] {
  if (typeof node !== 'object' || node === null) return [];
  const own: [string, SchemaNode][] = (node as SchemaNode).type === 'object' ? [[at, node as SchemaNode]] : [];
  return [...own, ...Object.entries(node).flatMap(([key, child]) => objectNodes(child, `${at}/${key}`))];
}

describe('workflow.schema.json beside the workflow files', () => {
  it.each([
    ['role', ROLES],
    ['family', CASE_FAMILIES],
    ['commandType', CASE_COMMAND_TYPES],
    ['clockEventType', CLOCK_EVENT_TYPES],
    ['unit', Object.keys(UNITS)],
    ['onResume', Object.keys(ON_RESUME)],
  ])('lists the same %s values as the TypeScript types, in the same order', (def, values) => {
    expect(defs[def]?.enum).toEqual([...values]);
  });

  it.each([
    ['the workflow', schema, WORKFLOW],
    ['a stage', defs['stage'], STAGE],
    ['a command rule', defs['commandRule'], COMMAND],
    ['a clock', defs['clock'], CLOCK],
    ['a clock rule', defs['clockRule'], RULE],
    ['a span with no clock', defs['noClockRule'], NO_CLOCK],
    ['a clock length', defs['clockLength'], LENGTH],
    ['an extension', defs['clockExtension'], EXTENSION],
    ['the extension limits', defs['clockExtension']?.properties?.['max'], EXTENSION_MAX],
    ['the escalation policy', defs['escalation'], ESCALATION],
    ['a stall rule', defs['stall'], STALL],
  ] as const)('gives %s the keys of its TypeScript interface, required where TypeScript requires them', (_what, node, shape) => {
    expect(keysOf(node)).toEqual(expected(shape));
  });

  it('closes every object: fixed keys refuse unknown ones, and maps constrain their key names', () => {
    const open = objectNodes(schema, '#')
      .filter(([, node]) => !(node.additionalProperties === false || (typeof node.additionalProperties === 'object' && node.propertyNames !== undefined)))
      .map(([at]) => at);
    expect(open).toEqual([]);
  });
});
