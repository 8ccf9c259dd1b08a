import * as fs from 'node:fs';
import * as path from 'node:path';
import Ajv, { type ValidateFunction } from 'ajv';
import addFormats from 'ajv-formats';

/** The OpenAPI document the repository ships (npm run build:api-types writes it; a test checks it is current). */
export const OPENAPI_FILE = path.join(__dirname, '..', '..', '..', 'docs', 'openapi.json');

interface Schema {
  $ref?: string;
  allOf?: Array<{ $ref?: string; properties?: { code?: { enum?: string[] } } }>;
}
interface Operation {
  responses: Record<string, { content?: Record<string, { schema?: Schema }> }>;
}
interface Document {
  paths: Record<string, Record<string, Operation>>;
  components: object;
}

/** Paths served outside the API's own contract: the Swagger UI and its document. */
const UNCHECKED = /^\/api\/docs(?:-json)?(?:\/|$)/;

/**
 * Checks an answer of the API against the OpenAPI document: its status must be declared for the route, and its
 * body must match the schema declared for that status and media type. A route the document does not know may
 * only answer a problem (an unknown address: not-found, method-not-allowed), and any address may answer 404
 * not-found (a route this configuration does not have). Answers outside /api are not checked.
 */
export class OpenApiContract {
  // Schemas generated from our own types need no meta-validation; unoptimized code, refs not inlined, compiles in a third of the time.
  private readonly ajv = new Ajv({ strict: false, allErrors: true, verbose: true, validateSchema: false, inlineRefs: false, code: { optimize: false } });
  private readonly routes: Array<{ pattern: RegExp; template: string; parameters: number }>;
  private readonly validators = new Map<string, ValidateFunction>();

  constructor(private readonly document: Document) {
    addFormats(this.ajv);
    // The components only: the answers refer to them, and compiling the paths too would cost seconds.
    this.ajv.addSchema({ components: document.components }, 'openapi');
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
    const body = parse(text);
    // No route here in this configuration (the sign-in route with OIDC): the router's own answer.
    const notFound = status === 404 && (body as { code?: unknown } | undefined)?.code === 'not-found';
    if (route === undefined || notFound) {
      if (mediaType === 'application/problem+json') return this.validate(PROBLEM_REF, body, text);
      return [`${method} ${pathname}: no such operation in the OpenAPI document (answered ${status})`];
    }
    const where = `${method} ${route.template} → ${status}`;
    const responses = this.document.paths[route.template]![verb]!.responses;
    const response = responses[String(status)] ?? responses['default'];
    if (response === undefined) return [`${where}: status not declared (declared: ${Object.keys(responses).join(', ')}) ${text.slice(0, 300)}`];
    if (response.content === undefined) return text === '' ? [] : [`${where}: declared without a body, answered ${text.slice(0, 200)}`];
    const content = response.content[mediaType];
    if (content === undefined) return [`${where}: media type ${mediaType || '(none)'} not declared (declared: ${Object.keys(response.content).join(', ')})`];
    return this.validateAgainst(content.schema, body, text).map((problem) => `${where}: ${problem}`);
  }

  /** A component (`$ref`), or a problem: ProblemDetails with `code` in the enum of its status. */
  private validateAgainst(schema: Schema | undefined, body: unknown, text: string): string[] {
    if (schema === undefined) return [];
    if (schema.$ref !== undefined) return this.validate(schema.$ref, body, text);
    const [base, narrowed] = schema.allOf ?? [];
    if (base?.$ref === undefined) return ['an answer schema that is neither a component nor a problem'];
    const problems = this.validate(base.$ref, body, text);
    const codes = narrowed?.properties?.code?.enum;
    const code = (body as { code?: unknown } | undefined)?.code;
    if (codes !== undefined && !codes.includes(code as string)) problems.push(`code ${JSON.stringify(code)} is not one of ${codes.join(', ')}`);
    return problems;
  }

  private validate(ref: string, body: unknown, text: string): string[] {
    if (body === undefined) return [`the body is not JSON: ${text.slice(0, 200)}`];
    const validator = this.validator(ref);
    if (validator(body)) return [];
    return (validator.errors ?? [])
      .slice(0, 10)
      .map((error) => `${error.instancePath || '(body)'} ${error.message ?? ''} ${JSON.stringify(error.params)}, got ${JSON.stringify(error.data)?.slice(0, 120)}`);
  }

  private validator(ref: string): ValidateFunction {
    let validator = this.validators.get(ref);
    if (!validator) {
      validator = this.ajv.compile({ $ref: `openapi${ref}` });
      this.validators.set(ref, validator);
    }
    return validator;
  }
}

const PROBLEM_REF = '#/components/schemas/ProblemDetails';

function parse(text: string): unknown {
  try {
    return JSON.parse(text) as unknown;
  } catch {
    return undefined;
  }
}

let shared: OpenApiContract | undefined;

/** The document of the repository, loaded once per test process; each schema compiled when an answer first needs it. */
function sharedContract(): OpenApiContract {
  shared ??= OpenApiContract.load();
  return shared;
}

/** Throws when an answer breaks the OpenAPI document: the drift test every end-to-end suite runs on every call. */
export function assertKeepsContract(method: string, url: string, status: number, contentType: string | null, text: string): void {
  const problems = sharedContract().check(method, url, status, contentType, text);
  if (problems.length > 0) {
    throw new Error(`the answer does not match docs/openapi.json (run npm run build:api-types after changing an answer):\n  ${problems.join('\n  ')}`);
  }
}
