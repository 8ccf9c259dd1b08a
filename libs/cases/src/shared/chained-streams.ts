import { ACCESS_STREAM_PREFIX } from '../identity/identity-access.log';
import { CASE_STREAM_PREFIX } from './case-stream';

/** The streams whose events are hash-chained on append and checked by `kntc audit verify`: the cases and their access logs. */
export const CHAINED_STREAM_PREFIXES: readonly string[] = [CASE_STREAM_PREFIX, ACCESS_STREAM_PREFIX];
