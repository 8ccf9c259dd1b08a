import { deriveEventId } from '@kntc/event-store';

export const DON_STREAM_PREFIX = 'don-';
export const MATTER_STREAM_PREFIX = 'matter-';

export function donStream(donId: string): string {
  return `${DON_STREAM_PREFIX}${donId}`;
}

export function matterStream(matterId: string): string {
  return `${MATTER_STREAM_PREFIX}${matterId}`;
}

/** A registration without a đơn id names its đơn from its sender and Idempotency-Key: a retry names the same đơn. */
export function donIdOfRegistration(userId: string, idempotencyKey: string): string {
  return deriveEventId(`don-registration\n${userId}\n${idempotencyKey}`, -2);
}

/** The matter a đơn opens: named from the đơn, so a retried registration opens the same one. */
export function matterIdOfDon(donId: string): string {
  return deriveEventId(`matter-of-don\n${donId}`, -2);
}

/** The case a đơn accepted into a case opens: named from the command's key, so a retry files the same case. */
export function caseIdOfAcceptance(donId: string, userId: string, idempotencyKey: string): string {
  return deriveEventId(`don-acceptance\n${donStream(donId)}\n${userId}\n${idempotencyKey}`, -2);
}
