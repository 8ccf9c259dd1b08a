import { ACCESS_STREAM_PREFIX } from '../identity/identity-access.log';
import { DON_STREAM_PREFIX, MATTER_STREAM_PREFIX } from '../dons/don-streams';
import { CASE_STREAM_PREFIX } from './case-stream';

/** The streams whose events are hash-chained on append and checked by `kntc audit verify`: cases, đơn, matters, access logs. */
export const CHAINED_STREAM_PREFIXES: readonly string[] = [CASE_STREAM_PREFIX, DON_STREAM_PREFIX, MATTER_STREAM_PREFIX, ACCESS_STREAM_PREFIX];
