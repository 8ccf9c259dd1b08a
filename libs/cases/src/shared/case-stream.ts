export const CASE_STREAM_PREFIX = 'case-';

export function caseStream(caseId: string): string {
  return `${CASE_STREAM_PREFIX}${caseId}`;
}

export function caseIdOfStream(stream: string): string | undefined {
  return stream.startsWith(CASE_STREAM_PREFIX) ? stream.slice(CASE_STREAM_PREFIX.length) : undefined;
}
