import type { INestApplication } from '@nestjs/common';
import { DocumentBuilder, SwaggerModule, getSchemaPath, type OpenAPIObject, type SchemaObject } from '@nestjs/swagger';
import { CASE_COMMAND_ROUTES, FILE_CASE_ROUTE } from '@kntc/cases';
import { COMMAND_HEADERS_DOC, COMMAND_RESPONSES_DOC, PROBLEM_SCHEMA_NAME } from '../cases/case-openapi.docs';

export const OPENAPI_UI_PATH = 'api/docs';
export const OPENAPI_JSON_PATH = 'api/docs-json';

type Operation = NonNullable<OpenAPIObject['paths'][string]['post']>;

/**
 * The OpenAPI document: the routes Nest knows, plus one path per case command. The commands share one
 * dynamic route (`:id/:action`), so each is added here from CASE_COMMAND_ROUTES with its DTO schema.
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
  document.components.schemas[PROBLEM_SCHEMA_NAME] = PROBLEM_SCHEMA;
  for (const [segment, route] of Object.entries(CASE_COMMAND_ROUTES)) {
    document.paths[`/api/cases/{id}/${segment}`] = { post: commandOperation(segment, route.dto, route.summary, route.type) };
  }
  return document;
}

export function setupOpenApi(app: INestApplication): void {
  const document = buildOpenApiDocument(app);
  SwaggerModule.setup(OPENAPI_UI_PATH, app, document, { jsonDocumentUrl: OPENAPI_JSON_PATH });
}

function commandOperation(segment: string, dto: new () => unknown, summary: string, type: string): Operation {
  const { 400: badRequest, 401: unauthenticated, 403: forbidden, 404: notFound, 409: conflict, 413: tooLarge, 422: refused, 503: unavailable } =
    COMMAND_RESPONSES_DOC;
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
      200: { description: 'Đã thực hiện (hoặc trả lại kết quả cũ khi gửi lại cùng Idempotency-Key: header Idempotent-Replayed: true).' },
      ...Object.fromEntries(
        [badRequest, unauthenticated, forbidden, notFound, conflict, tooLarge, refused, unavailable].map(({ status, ...rest }) => [String(status), rest]),
      ),
    },
  } as Operation;
}

function camelCase(segment: string): string {
  return segment.replace(/-([a-z])/g, (_match, letter: string) => letter.toUpperCase());
}

const PROBLEM_SCHEMA: SchemaObject = {
  type: 'object',
  required: ['type', 'title', 'status', 'code', 'detail'],
  properties: {
    type: { type: 'string', example: 'urn:kntc:problem:command-not-allowed-in-stage' },
    title: { type: 'string', description: 'Tiêu đề (tiếng Việt)' },
    status: { type: 'integer' },
    code: { type: 'string', description: 'Mã lỗi ổn định (tiếng Anh, kebab-case)', example: 'command-not-allowed-in-stage' },
    detail: { type: 'string', description: 'Mô tả (tiếng Việt)' },
    instance: { type: 'string' },
    errors: {
      type: 'array',
      description: 'validation-failed: các trường sai',
      items: { type: 'object', properties: { field: { type: 'string', example: 'parties.0.name' }, message: { type: 'string' } } },
    },
    allowedCommands: { type: 'array', items: { type: 'string' }, description: 'Lệnh bị từ chối: các lệnh người dùng được làm lúc này' },
    details: { type: 'object', additionalProperties: true },
    currentRevision: { type: 'integer', description: 'revision-conflict: phiên bản hiện tại của hồ sơ' },
  },
};
