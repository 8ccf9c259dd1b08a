import { UnknownWorkflowError, WorkflowRegistry } from './workflow-registry';
import type { WorkflowDefinition } from './workflow.types';

function workflow(id: string, version: number): WorkflowDefinition {
  return {
    id,
    version,
    name: `${id} v${version}`,
    family: 'complaint',
    initialStage: 'filed',
    stages: { filed: { label: 'Đã tiếp nhận đơn' }, closed: { label: 'Đã kết thúc', final: true } },
    commands: {
      FileCase: { label: 'Tiếp nhận đơn', from: [], to: 'filed', roles: ['intake'] },
      CloseCase: { label: 'Kết thúc hồ sơ', from: ['filed'], to: 'closed', roles: ['head'] },
    },
    clocks: {},
    escalation: { chain: ['head'], repeatEvery: 2 },
    stalls: [],
  };
}

function errorOf(action: () => unknown): UnknownWorkflowError {
  try {
    action();
  } catch (error) {
    if (error instanceof UnknownWorkflowError) return error;
    throw error;
  }
  throw new Error('expected an UnknownWorkflowError');
}

describe('WorkflowRegistry', () => {
  describe('with two versions of one kind, loaded newest first, and one version of another', () => {
    const v1 = workflow('complaint-first', 1);
    const v2 = workflow('complaint-first', 2);
    const petition = workflow('petition', 1);
    const registry = new WorkflowRegistry([v2, petition, v1]);

    it('lists each kind once, sorted', () => {
      expect(registry.kinds()).toEqual(['complaint-first', 'petition']);
    });

    it('returns the exact version a case was filed under', () => {
      expect(registry.get('complaint-first', 1)).toBe(v1);
      expect(registry.get('complaint-first', 2)).toBe(v2);
    });

    it('gives new cases the highest version', () => {
      expect(registry.latest('complaint-first')).toBe(v2);
      expect(registry.latest('petition')).toBe(petition);
    });

    it('lists the versions of a kind oldest first', () => {
      expect(registry.versions('complaint-first')).toEqual([1, 2]);
    });

    it('knows which kinds and versions it has', () => {
      expect(registry.has('complaint-first')).toBe(true);
      expect(registry.has('complaint-first', 2)).toBe(true);
      expect(registry.has('complaint-first', 3)).toBe(false);
      expect(registry.has('denunciation')).toBe(false);
    });
  });

  describe('asked for a kind it does not have', () => {
    const registry = new WorkflowRegistry([workflow('complaint-first', 1), workflow('petition', 1)]);

    it('refuses get and latest, naming the kind and the kinds it has', () => {
      for (const action of [() => registry.get('denunciaton', 1), () => registry.latest('denunciaton')]) {
        const error = errorOf(action);
        expect(error).toMatchObject({ code: 'unknown-workflow', kind: 'denunciaton', version: undefined });
        expect(error.message).toBe('unknown case kind "denunciaton"; kinds: complaint-first, petition');
      }
    });
  });

  describe('asked for a version of a known kind that was never loaded', () => {
    const registry = new WorkflowRegistry([workflow('complaint-first', 1), workflow('complaint-first', 2)]);

    it('refuses, naming the versions it has', () => {
      const error = errorOf(() => registry.get('complaint-first', 3));
      expect(error).toMatchObject({ code: 'unknown-workflow', kind: 'complaint-first', version: 3 });
      expect(error.message).toBe('case kind "complaint-first" has no workflow version 3; versions: 1, 2');
    });
  });

  describe('built from no definitions', () => {
    const registry = new WorkflowRegistry([]);

    it('has no kinds and says so when asked for one', () => {
      expect(registry.kinds()).toEqual([]);
      expect(errorOf(() => registry.latest('petition')).message).toBe('unknown case kind "petition"; kinds: (none loaded)');
    });
  });

  describe('given the same kind and version twice', () => {
    it('refuses to be built', () => {
      expect(() => new WorkflowRegistry([workflow('petition', 1), workflow('petition', 1)])).toThrow(
        'workflow "petition" version 1 is defined twice',
      );
    });
  });
});
