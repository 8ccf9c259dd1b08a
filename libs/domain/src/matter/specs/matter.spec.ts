import { StreamSpecification } from '../../don/specs/stream-specification';
import { at } from '../../testing/fixtures';
import type { MatterCommand } from '../matter.commands';
import { decideMatter } from '../matter.decide';
import type { MatterEvent } from '../matter.events';
import { foldMatter } from '../matter.evolve';
import type { MatterState } from '../matter.state';

const spec = new StreamSpecification<MatterCommand, MatterEvent, MatterState>(foldMatter, decideMatter);
const matterId = 'matter-1';
const opened = () => spec.history([[{ type: 'OpenMatter', matterId, department: 'so-tnmt', donId: 'don-1' }, at('2026-03-02')]]);

describe('a matter opened by its first đơn', () => {
  it('links that đơn as first-time', () => {
    spec
      .given()
      .when({ type: 'OpenMatter', matterId, department: 'so-tnmt', donId: 'don-1' }, at('2026-03-02'))
      .then([
        { type: 'MatterOpened', data: { matterId, department: 'so-tnmt', firstDonId: 'don-1', openedAt: at('2026-03-02') } },
        { type: 'DonLinkedToMatter', data: { matterId, donId: 'don-1', repeated: false, at: at('2026-03-02') } },
      ]);
    spec.given(opened()).when({ type: 'OpenMatter', matterId, department: 'so-tnmt', donId: 'don-1' }, at('2026-03-02')).thenRefused('matter-already-exists');
  });

  it('counts a later đơn as repeated, and links each đơn and case once', () => {
    spec
      .given(opened())
      .when({ type: 'LinkDonToMatter', matterId, donId: 'don-2' }, at('2026-03-09'))
      .then([{ type: 'DonLinkedToMatter', data: { matterId, donId: 'don-2', repeated: true, at: at('2026-03-09') } }]);
    spec.given(opened()).when({ type: 'LinkDonToMatter', matterId, donId: 'don-1' }, at('2026-03-09')).thenRefused('already-linked');
    const linked = spec.history([
      [{ type: 'OpenMatter', matterId, department: 'so-tnmt', donId: 'don-1' }, at('2026-03-02')],
      [{ type: 'LinkCaseToMatter', matterId, caseId: 'case-1', donId: 'don-1' }, at('2026-03-04')],
    ]);
    expect(linked.map((e) => e.type)).toEqual(['MatterOpened', 'DonLinkedToMatter', 'CaseLinkedToMatter']);
    spec.given(linked).when({ type: 'LinkCaseToMatter', matterId, caseId: 'case-1' }, at('2026-03-05')).thenRefused('already-linked');
  });

  it('refuses any command on a matter never opened', () => {
    spec.given().when({ type: 'LinkDonToMatter', matterId, donId: 'don-2' }, at('2026-03-09')).thenRefused('matter-not-found');
  });
});

describe('guidance and forwarding, once each (TT 05/2021)', () => {
  const guided = () => [
    ...opened(),
    ...spec.given(opened()).when({ type: 'RecordGuidance', matterId, citizenKey: 'ck-1', content: 'complaint', donId: 'don-1' }, at('2026-03-05')).then([
      { type: 'GuidanceRecorded', data: { matterId, citizenKey: 'ck-1', content: 'complaint', donId: 'don-1', at: at('2026-03-05') } },
    ]),
  ];

  it('refuses a second guidance of the same citizen on the same content, naming the đơn already guided', () => {
    const refusal = spec.given(guided()).when({ type: 'RecordGuidance', matterId, citizenKey: 'ck-1', content: 'complaint', donId: 'don-2' }, at('2026-03-20')).thenRefused('already-guided');
    expect(refusal.details).toEqual({ donId: 'don-1', content: 'complaint' });
  });

  it('guides another citizen, or the same citizen on another content', () => {
    spec.given(guided()).when({ type: 'RecordGuidance', matterId, citizenKey: 'ck-2', content: 'complaint', donId: 'don-3' }, at('2026-03-20')).thenMatches([{ type: 'GuidanceRecorded' }]);
    spec.given(guided()).when({ type: 'RecordGuidance', matterId, citizenKey: 'ck-1', content: 'petition', donId: 'don-3' }, at('2026-03-20')).thenMatches([{ type: 'GuidanceRecorded' }]);
  });

  it('forwards a content once, whoever sent it', () => {
    const forwarded = spec.given(opened()).when({ type: 'RecordForwarding', matterId, content: 'denunciation', donId: 'don-1' }, at('2026-03-05')).then([
      { type: 'ForwardingRecorded', data: { matterId, contentKey: 'denunciation', donId: 'don-1', at: at('2026-03-05') } },
    ]);
    spec.given([...opened(), ...forwarded]).when({ type: 'RecordForwarding', matterId, content: 'denunciation', donId: 'don-2' }, at('2026-03-20')).thenRefused('already-forwarded');
    spec.given([...opened(), ...forwarded]).when({ type: 'RecordForwarding', matterId, content: 'petition', donId: 'don-2' }, at('2026-03-20')).thenMatches([{ type: 'ForwardingRecorded' }]);
  });
});
