import { useQuery } from '@tanstack/react-query';
import { getJson } from '../api/client';

/** The part of the OpenAPI document (GET /api/docs-json) a command form is built from, so forms follow the DTOs. */
export interface SchemaProperty {
  type?: string;
  format?: string;
  enum?: string[];
  maxLength?: number;
  minLength?: number;
  maxItems?: number;
  minItems?: number;
  description?: string;
  items?: SchemaProperty;
  $ref?: string;
  allOf?: SchemaProperty[];
  properties?: Record<string, SchemaProperty>;
  required?: string[];
}

interface OpenApiDocument {
  paths: Record<string, { post?: { requestBody?: { content?: Record<string, { schema?: SchemaProperty }> } } }>;
  components?: { schemas?: Record<string, SchemaProperty> };
}

export interface CommandField {
  name: string;
  schema: SchemaProperty;
  required: boolean;
}

export function useOpenApiDocument() {
  return useQuery({ queryKey: ['openapi'], queryFn: ({ signal }) => getJson<OpenApiDocument>('/api/docs-json', undefined, signal), staleTime: Infinity });
}

function resolve(doc: OpenApiDocument, schema: SchemaProperty | undefined, depth = 0): SchemaProperty | undefined {
  if (!schema || depth > 5) return schema;
  if (schema.$ref) {
    const name = schema.$ref.replace('#/components/schemas/', '');
    return resolve(doc, doc.components?.schemas?.[name], depth + 1);
  }
  if (schema.allOf) {
    const parts = schema.allOf.map((part) => resolve(doc, part, depth + 1) ?? {});
    return {
      ...schema,
      properties: Object.assign({}, ...parts.map((p) => p.properties ?? {}), schema.properties ?? {}) as Record<string, SchemaProperty>,
      required: [...parts.flatMap((p) => p.required ?? []), ...(schema.required ?? [])],
    };
  }
  return schema;
}

const DOCUMENT_FIELDS = ['documentNo', 'documentDate', 'note'];

/** The request fields of `POST /api/cases/{id}/<segment>`: the command's own fields first, then the document's. */
export function commandFields(doc: OpenApiDocument, segment: string): CommandField[] | undefined {
  const body = doc.paths[`/api/cases/{id}/${segment}`]?.post?.requestBody?.content?.['application/json']?.schema;
  const schema = resolve(doc, body);
  if (!schema?.properties) return undefined;
  const required = new Set(schema.required ?? []);
  const fields = Object.entries(schema.properties).map(([name, property]) => ({ name, schema: resolve(doc, property) ?? property, required: required.has(name) }));
  const rank = (name: string) => (DOCUMENT_FIELDS.includes(name) ? 1 + DOCUMENT_FIELDS.indexOf(name) : 0);
  return fields.sort((a, b) => rank(a.name) - rank(b.name));
}
