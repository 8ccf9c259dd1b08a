import type { IncomingMessage } from 'node:http';
import { ApiProblem } from '../shared/api-problem.error';

/**
 * The parsed JSON body; a request without any body counts as `{}`, so commands whose fields are all
 * optional (accept, start-verification, close) need none. A body the JSON parser skipped because of its
 * content type is refused rather than ignored, so no field a client sent is silently dropped.
 */
export function commandBody(request: IncomingMessage, parsed: unknown): unknown {
  if (parsed !== undefined) return parsed;
  const length = Number(request.headers['content-length'] ?? 0);
  if (request.headers['transfer-encoding'] === undefined && !(length > 0)) return {};
  throw new ApiProblem(415, 'unsupported-media-type', 'Định dạng không được hỗ trợ', 'Nội dung yêu cầu phải là JSON (Content-Type: application/json).');
}
