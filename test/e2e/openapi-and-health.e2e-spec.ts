import { CASE_COMMAND_ROUTES } from '@kntc/cases';
import { startApiTestApp, type ApiTestApp } from './support/api-test-app';

/** The parts of the OpenAPI document these tests read. */
interface SchemaShape {
  type?: string;
  required?: string[];
  maxLength?: number;
  enum?: string[];
  items?: { $ref?: string };
  properties?: Record<string, SchemaShape>;
}
interface OpenApiShape {
  paths: Record<string, Record<string, { requestBody: { content: Record<string, { schema: { $ref: string } }> } } | undefined>>;
  components: { schemas: Record<string, SchemaShape> };
}

describe('the documentation and health endpoints', () => {
  let api: ApiTestApp;

  beforeAll(async () => {
    api = await startApiTestApp();
  });
  afterAll(async () => {
    await api.close();
  });

  describe('the OpenAPI document at /api/docs-json, read without a token', () => {
    let document: OpenApiShape;
    beforeAll(async () => {
      const answer = await api.get<OpenApiShape>('/api/docs-json');
      expect(answer.status).toBe(200);
      document = answer.body;
    });

    it('lists every case command as a POST path with its request body schema', () => {
      for (const [segment, route] of Object.entries(CASE_COMMAND_ROUTES)) {
        const operation = document.paths[`/api/cases/{id}/${segment}`]?.['post'];
        expect(operation?.requestBody.content['application/json']?.schema.$ref).toBe(`#/components/schemas/${route.dto.name}`);
        expect(document.components.schemas[route.dto.name]).toMatchObject({ type: 'object' });
      }
    });

    it('documents the filing with its parties, enums and limits', () => {
      expect(document.paths['/api/cases']?.['post']?.requestBody.content['application/json']?.schema.$ref).toBe('#/components/schemas/FileCaseRequestDto');
      const filing = document.components.schemas['FileCaseRequestDto'];
      expect(filing?.required).toEqual(expect.arrayContaining(['kind', 'department', 'channel', 'receivedOn', 'subject', 'content', 'parties', 'remoteArea']));
      expect(filing?.properties).toMatchObject({
        subject: { maxLength: 500 },
        content: { maxLength: 20000 },
        channel: { enum: ['in-person', 'post', 'online', 'referral'] },
        parties: { type: 'array', items: { $ref: '#/components/schemas/PartyRequestDto' } },
      });
      expect(document.components.schemas['PartyRequestDto']?.properties?.['name']).toMatchObject({ maxLength: 200 });
    });

    it('documents the reading of a case and of its history', () => {
      expect(document.paths['/api/cases/{id}']?.['get']).toBeDefined();
      expect(document.paths['/api/cases/{id}/history']?.['get']).toBeDefined();
    });
  });

  describe('the Swagger UI at /api/docs', () => {
    it('serves its page without a token', async () => {
      const answer = await api.get('/api/docs');
      expect(answer.status).toBe(200);
      expect(answer.headers.get('content-type')).toMatch(/^text\/html/);
    });
  });

  describe('the health check at /api/health', () => {
    it('answers 200 with the event store up, without a token', async () => {
      const answer = await api.get('/api/health');
      expect(answer.status).toBe(200);
      expect(answer.body).toMatchObject({ status: 'ok', info: { eventStore: { status: 'up' } } });
    });
  });
});
