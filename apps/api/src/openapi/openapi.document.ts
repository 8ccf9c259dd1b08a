import type { INestApplication } from '@nestjs/common';
import { DocumentBuilder, SwaggerModule, getSchemaPath, type OpenAPIObject } from '@nestjs/swagger';
import { CASE_COMMAND_ROUTES, FILE_CASE_ROUTE } from '@kntc/cases';
import { COMMAND_HEADERS_DOC } from '../cases/case-openapi.docs';
import { ANSWER_SCHEMAS } from './answer-schemas.generated';
import { answerRef } from './api-answers.decorator';
import {
  BODY_PROBLEMS,
  COMMAND_PROBLEMS,
  EVERY_ROUTE_PROBLEMS,
  mergeProblems,
  PATH_PARAMETER_PROBLEMS,
  PROBLEM_MEDIA_TYPE,
  problemResponse,
  SIGNED_IN_PROBLEMS,
  type ProblemsByStatus,
} from './problem-responses';

export const OPENAPI_UI_PATH = 'api/docs';
export const OPENAPI_JSON_PATH = 'api/docs-json';

type Operation = NonNullable<OpenAPIObject['paths'][string]['post']>;

/**
 * The OpenAPI document: the routes Nest knows, plus one path per case command. The commands share one
 * dynamic route (`:id/:action`), so each is added here from CASE_COMMAND_ROUTES with its DTO schema. The answer
 * schemas are derived from the handlers' types (answer-schemas.generated.ts); the problems every route shares
 * are added to each operation here.
 */
export function buildOpenApiDocument(app: INestApplication): OpenAPIObject {
  const config = new DocumentBuilder()
    .setTitle('KNTC API')
    .setDescription(
      'Giải quyết khiếu nại, tố cáo, kiến nghị, phản ánh. Mọi thay đổi là một lệnh; lỗi trả về application/problem+json với `code` ổn định.',
    )
    .setVersion('1')
    .addBearerAuth()
    .build();
  const dtos = Object.values(CASE_COMMAND_ROUTES).map((route) => route.dto);
  const document = SwaggerModule.createDocument(app, config, { extraModels: [FILE_CASE_ROUTE.dto, ...dtos] });
  document.components ??= {};
  document.components.schemas ??= {};
  Object.assign(document.components.schemas, ANSWER_SCHEMAS);
  for (const [segment, route] of Object.entries(CASE_COMMAND_ROUTES)) {
    document.paths[`/api/cases/{id}/${segment}`] = { post: commandOperation(segment, route.dto, route.summary, route.type) };
  }
  for (const [path, item] of Object.entries(document.paths)) {
    for (const method of ['get', 'post', 'put', 'patch', 'delete'] as const) {
      const operation = item[method];
      if (operation) addSharedProblems(operation, method, path.includes('{'));
    }
  }
  return document;
}

export function setupOpenApi(app: INestApplication): void {
  const document = buildOpenApiDocument(app);
  SwaggerModule.setup(OPENAPI_UI_PATH, app, document, { jsonDocumentUrl: OPENAPI_JSON_PATH });
}

function commandOperation(segment: string, dto: new () => unknown, summary: string, type: string): Operation {
  const header = (doc: (typeof COMMAND_HEADERS_DOC)[keyof typeof COMMAND_HEADERS_DOC]) => ({ ...doc, in: 'header' as const });
  return {
    operationId: camelCase(segment),
    summary,
    description: `Lệnh ${type}. Trả 200 với kết quả lệnh và hồ sơ sau lệnh; header ETag là phiên bản mới.`,
    tags: ['case-commands'],
    security: [{ bearer: [] }],
    parameters: [
      { name: 'id', in: 'path', required: true, description: 'Mã hồ sơ', schema: { type: 'string', format: 'uuid' } },
      header(COMMAND_HEADERS_DOC.idempotencyKey),
      header(COMMAND_HEADERS_DOC.ifMatch),
      header(COMMAND_HEADERS_DOC.correlationId),
    ],
    requestBody: { required: true, content: { 'application/json': { schema: { $ref: getSchemaPath(dto as new () => object) } } } },
    responses: {
      200: {
        description: 'Đã thực hiện (hoặc trả lại kết quả cũ khi gửi lại cùng Idempotency-Key: header Idempotent-Replayed: true).',
        content: { 'application/json': { schema: { $ref: answerRef('CaseCommandResponse') } } },
      },
      ...responsesOf(COMMAND_PROBLEMS),
    },
  } as Operation;
}

/** Authentication, body parsing, rate limits and 500: merged into the problem answers each route declares. */
function addSharedProblems(operation: Operation, method: string, pathParameters: boolean): void {
  const declared: ProblemsByStatus = {};
  for (const [status, response] of Object.entries(operation.responses)) {
    const codes = problemCodesOf(response);
    if (codes) declared[Number(status)] = codes;
  }
  const signedIn = (operation.security ?? []).length > 0;
  const shared = mergeProblems(
    EVERY_ROUTE_PROBLEMS,
    signedIn ? SIGNED_IN_PROBLEMS : {},
    method === 'post' ? BODY_PROBLEMS : {},
    pathParameters ? PATH_PARAMETER_PROBLEMS : {},
  );
  for (const [status, codes] of Object.entries(mergeProblems(declared, shared))) {
    const existing = operation.responses[status];
    if (existing !== undefined && !(Number(status) in declared)) continue;
    operation.responses[status] = responsesOf({ [status]: codes })[status]!;
  }
}

function problemCodesOf(response: unknown): string[] | undefined {
  const schema = (response as { content?: Record<string, { schema?: { allOf?: Array<{ properties?: { code?: { enum?: string[] } } }> } }> }).content?.[
    PROBLEM_MEDIA_TYPE
  ]?.schema;
  return schema?.allOf?.[1]?.properties?.code?.enum;
}

function responsesOf(problems: ProblemsByStatus): Operation['responses'] {
  return Object.fromEntries(
    Object.entries(problems).map(([status, codes]) => {
      const { status: _status, ...response } = problemResponse(Number(status), codes ?? []);
      return [status, response];
    }),
  ) as Operation['responses'];
}

function camelCase(segment: string): string {
  return segment.replace(/-([a-z])/g, (_match, letter: string) => letter.toUpperCase());
}
