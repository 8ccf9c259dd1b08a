import { applyDecorators, type StreamableFile } from '@nestjs/common';
import { ApiResponse, type ApiResponseOptions } from '@nestjs/swagger';
import type { ApiAnswerTypes } from './api-answer-types';
import { mergeProblems, problemResponse, type ProblemsByStatus } from './problem-responses';

export interface ApiAnswersOptions {
  /** The success status; default 200. */
  status?: number;
  /** What the success answer means (Vietnamese). */
  description?: string;
  /** Media types of a download the success answer may be (a CSV, a spreadsheet), besides or instead of JSON. */
  files?: string[];
}

/** A handler whose answer the compiler can check against the declared one; a download may stand in for it. */
type Handler<T> = (...args: never[]) => T | StreamableFile | Promise<T | StreamableFile>;

/**
 * Declares a route's answers in the OpenAPI document: the success body (a component of ApiAnswerTypes, checked
 * against what the handler returns; `null` for an empty answer) and the problem+json answers by status, each with
 * its `code` enum. `null` with `files` declares a download only. Problems every route shares (authentication, body parsing, rate limits, 500) are added by
 * buildOpenApiDocument. `@ApiAnswers('CaseView', { 404: ['case-not-found'] })`.
 */
/** One list of problems by status, or several merged (shared lists such as STORE_PROBLEMS and the route's own). */
type Problems = ProblemsByStatus | readonly ProblemsByStatus[];

type MethodCheck<T> = (target: object, key: string | symbol, descriptor: { value?: Handler<T> }) => void;

export function ApiAnswers(answer: null, problems?: Problems, options?: ApiAnswersOptions): MethodCheck<void>;
export function ApiAnswers<K extends keyof ApiAnswerTypes>(answer: K, problems?: Problems, options?: ApiAnswersOptions): MethodCheck<ApiAnswerTypes[K]>;
export function ApiAnswers(answer: keyof ApiAnswerTypes | null, problems: Problems = {}, options: ApiAnswersOptions = {}): MethodCheck<never> {
  const status = options.status ?? (answer === null && options.files === undefined ? 204 : 200);
  const media: Array<[string, object]> = [
    ...(answer === null ? [] : [['application/json', { schema: { $ref: answerRef(answer) } }] as [string, object]]),
    ...(options.files ?? []).map((type): [string, object] => [type, {}]),
  ];
  const success: ApiResponseOptions = {
    status,
    description: options.description ?? 'Thành công',
    ...(media.length > 0 ? { content: Object.fromEntries(media) } : {}),
  };
  const decorators = [ApiResponse(success), ...Object.entries(mergeProblems(...(Array.isArray(problems) ? problems : [problems]))).map(([code, codes]) => ApiResponse(problemResponse(Number(code), codes ?? [])))];
  return applyDecorators(...decorators) as never;
}

export function answerRef(answer: keyof ApiAnswerTypes): string {
  return `#/components/schemas/${answer}`;
}
