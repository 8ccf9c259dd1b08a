import type { Duplex } from 'node:stream';
import { problem, PROBLEM_CONTENT_TYPE } from './problem-details';

const STATUS_TEXT: Record<number, string> = { 400: 'Bad Request', 408: 'Request Timeout', 431: 'Request Header Fields Too Large' };

/**
 * Answers what Node's HTTP parser refuses before Express sees it (an oversized header, a request that is not
 * HTTP, a request sent too slowly) as problem+json, instead of Node's bare status line. Listen on 'clientError'.
 */
export function answerClientError(error: Error & { code?: string }, socket: Duplex): void {
  const inFlight = (socket as Duplex & { _httpMessage?: { headersSent?: boolean } })._httpMessage;
  // A reset peer, or a response already under way on this connection: nothing sensible can be written.
  if (error.code === 'ECONNRESET' || !socket.writable || inFlight?.headersSent) {
    socket.destroy();
    return;
  }
  const answer =
    error.code === 'HPE_HEADER_OVERFLOW'
      ? problem(431, 'header-too-large', 'Tiêu đề yêu cầu quá lớn', 'Các tiêu đề (header) của yêu cầu vượt quá giới hạn cho phép.')
      : error.code === 'ERR_HTTP_REQUEST_TIMEOUT'
        ? problem(408, 'request-timeout', 'Hết thời gian gửi yêu cầu', 'Yêu cầu không được gửi hết trong thời gian cho phép.')
        : problem(400, 'malformed-request', 'Yêu cầu không hợp lệ', 'Yêu cầu không đúng định dạng HTTP.');
  const body = JSON.stringify(answer);
  socket.end(
    [
      `HTTP/1.1 ${answer.status} ${STATUS_TEXT[answer.status]}`,
      `Content-Type: ${PROBLEM_CONTENT_TYPE}; charset=utf-8`,
      `Content-Length: ${Buffer.byteLength(body)}`,
      'Cache-Control: no-store',
      'X-Content-Type-Options: nosniff',
      'Connection: close',
      '',
      body,
    ].join('\r\n'),
  );
}
