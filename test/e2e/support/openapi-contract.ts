import * as fs from 'node:fs';
import * as path from 'node:path';
import Ajv, { type ValidateFunction } from 'ajv';
import addFormats from 'ajv-formats';

/** The OpenAPI document the repository ships (npm run build:api-types writes it; a test checks it is current). */
export const OPENAPI_FILE = path.join(__dirname, '..', '..', '..', 'docs', 'openapi.json');

interface Operation {
  responses: Record<string, { content?: Record<string, { schema?: object }> }>;
}
interface Document {
  paths: Record<string, Record<string, Operation>>;
}

/** Paths served outside the API's own contract: the Swagger UI and its document. */
const UNCHECKED = /^\/api\/docs(?:-json)?(?:\/|$)/;

/**
 * Checks an answer of the API against the OpenAPI document: its status must be declared for the route, and its
 * body must match the schema declared for that status and media type. A route the document does not know may
 * only answer a problem (an unknown address: not-found, method-not-allowed). Answers outside /api are not checked.
 */
export class OpenApiContract {
  private readonly ajv = new Ajv({ strict: false, allErrors: true });
  private readonly routes: Array<{ pattern: RegExp; template: string; parameters: number }>;
  private readonly validators = new Map<string, ValidateFunction>();

  constructor(private readonly document: Document) {
    addFormats(this.ajv);
    this.ajv.addSchema(document as object, 'openapi');
    this.routes = Object.keys(document.paths)
      .map((template) => ({
        template,
        pattern: new RegExp(`^${template.replace(/[.*+?^$()|[\]\\]/g, '\\$&').replace(/\\?\{[^}]+\\?\}/g, '[^/]+')}$`),
        parameters: (template.match(/\{/g) ?? []).length,
      }))
      .sort((a, b) => a.parameters - b.parameters);
  }

  static load(file = OPENAPI_FILE): OpenApiContract {
    return new OpenApiContract(JSON.parse(fs.readFileSync(file, 'utf8')) as Document);
  }

  /** The mismatches of one answer (empty when it keeps the contract). */
  check(method: string, url: string, status: number, contentType: string | null, text: string): string[] {
    const pathname = new URL(url, 'http://localhost').pathname;
    if (!pathname.startsWith('/api/') || UNCHECKED.test(pathname)) return [];
    const verb = method.toLowerCase();
    const route = this.routes.find((candidate) => candidate.pattern.test(pathname) && this.document.paths[candidate.template]![verb] !== undefined);
    const mediaType = (contentType ?? '').split(';')[0]!.trim().toLowerCase();
    if (route === undefined) {
      return mediaType === 'application/problem+json' ? this.validate('#/components/schemas/ProblemDetails', text) : [`${method} ${pathname}: no such operation in the OpenAPI document (answered ${status})`];
    }
    const where = `${method} ${route.template} → ${status}`;
    const responses = this.document.paths[route.template]![verb]!.responses;
    const key = String(status) in responses ? String(status) : 'default';
    const response = responses[key];
    if (response === undefined) return [`${where}: status not declared (declared: ${Object.keys(responses).join(', ')}) ${text.slice(0, 300)}`];
    if (response.content === undefined) return text === '' ? [] : [`${where}: declared without a body, answered ${text.slice(0, 200)}`];
    const content = response.content[mediaType];
    if (content === undefined) return [`${where}: media type ${mediaType || '(none)'} not declared (declared: ${Object.keys(response.content).join(', ')})`];
    if (content.schema === undefined) return [];
    const pointer = ['paths', route.template, verb, 'responses', key, 'content', mediaType, 'schema'];
    return this.validate(`#/${pointer.map((part) => part.replace(/~/g, '~0').replace(/\//g, '~1')).join('/')}`, text).map((problem) => `${where}: ${problem}`);
  }

  private validate(pointer: string, text: string): string[] {
    let validator = this.validators.get(pointer);
    if (!validator) {
      validator = this.ajv.compile({ $ref: `openapi${pointer}` });
      this.validators.set(pointer, validator);
    }
    let body: unknown;
    try {
      body = JSON.parse(text);
    } catch {
      return [`the body is not JSON: ${text.slice(0, 200)}`];
    }
    if (validator(body)) return [];
    return (validator.errors ?? []).slice(0, 10).map((error) => `${error.instancePath || '(body)'} ${error.message ?? ''} ${JSON.stringify(error.params)}`);
  }
}

let shared: OpenApiContract | undefined;

/** Throws when an answer breaks the OpenAPI document: the drift test every end-to-end suite runs on every call. */
export function assertKeepsContract(method: string, url: string, status: number, contentType: string | null, text: string): void {
  shared ??= OpenApiContract.load();
  const problems = shared.check(method, url, status, contentType, text);
  if (problems.length > 0) {
    throw new Error(`the answer does not match docs/openapi.json (run npm run build:api-types after changing an answer):\n  ${problems.join('\n  ')}`);
  }
}
