import * as path from 'node:path';
import * as ts from 'typescript';

/** A JSON schema in the OpenAPI 3.0 dialect (`nullable`, no `type: 'null'`), as the document's components hold them. */
export type JsonSchema = { [keyword: string]: unknown };

/** The file whose `ApiAnswerTypes` interface names every answer type; its keys become the component names. */
export const ANSWER_TYPES_FILE = path.join(__dirname, 'api-answer-types.ts');
const REGISTRY = 'ApiAnswerTypes';

/**
 * Turns the TypeScript types the handlers return into JSON schemas, with the compiler's own view of them (aliases,
 * Omit, Record and intersections resolved): the answer schemas are derived from the code, never written by hand.
 * Interfaces and aliases declared in this repository become named components; library types are inlined.
 */
export function generateAnswerSchemas(rootDir: string): Record<string, JsonSchema> {
  const program = ts.createProgram([ANSWER_TYPES_FILE], compilerOptions(rootDir));
  const checker = program.getTypeChecker();
  const source = program.getSourceFile(ANSWER_TYPES_FILE);
  const registry = source?.statements.find((node): node is ts.InterfaceDeclaration => ts.isInterfaceDeclaration(node) && node.name.text === REGISTRY);
  if (!registry) throw new Error(`${ANSWER_TYPES_FILE} declares no interface ${REGISTRY}`);
  const converter = new SchemaConverter(checker, rootDir);
  for (const member of registry.members) {
    if (!ts.isPropertySignature(member) || !member.type) throw new Error(`${REGISTRY}: every member names one type (${member.getText()})`);
    converter.named(member.name.getText(), checker.getTypeFromTypeNode(member.type));
  }
  return converter.components;
}

function compilerOptions(rootDir: string): ts.CompilerOptions {
  const configPath = path.join(rootDir, 'tsconfig.json');
  const { config } = ts.readConfigFile(configPath, ts.sys.readFile);
  return { ...ts.parseJsonConfigFileContent(config, ts.sys, rootDir).options, noEmit: true };
}

class SchemaConverter {
  readonly components: Record<string, JsonSchema> = {};
  /** Declaration → component name, so one type is one component and a recursive type refers to itself. */
  private readonly names = new Map<ts.Symbol, string>();

  constructor(
    private readonly checker: ts.TypeChecker,
    private readonly rootDir: string,
  ) {}

  named(name: string, type: ts.Type): void {
    const symbol = this.ownSymbol(type);
    if (symbol) this.names.set(symbol, name);
    this.components[name] = this.inline(type);
  }

  private schema(type: ts.Type): JsonSchema {
    const symbol = this.ownSymbol(type);
    if (!symbol) return this.inline(type);
    let name = this.names.get(symbol);
    if (name === undefined) {
      name = symbol.getName();
      if (name in this.components) return this.inline(type);
      this.names.set(symbol, name);
      this.components[name] = {};
      this.components[name] = this.inline(type);
    }
    return { $ref: `#/components/schemas/${name}` };
  }

  /** The interface or alias a type was declared as in this repository (not a library, not a generic instance). */
  private ownSymbol(type: ts.Type): ts.Symbol | undefined {
    const symbol = type.aliasSymbol ?? (type.flags & ts.TypeFlags.Object ? type.getSymbol() : undefined);
    if (!symbol || (type.aliasTypeArguments?.length ?? 0) > 0 || ((type as ts.TypeReference).typeArguments?.length ?? 0) > 0) return undefined;
    if (!(symbol.flags & (ts.SymbolFlags.Interface | ts.SymbolFlags.TypeAlias))) return undefined;
    const file = symbol.declarations?.[0]?.getSourceFile().fileName;
    return file !== undefined && !file.includes('node_modules') && path.resolve(file).startsWith(this.rootDir) ? symbol : undefined;
  }

  private inline(type: ts.Type): JsonSchema {
    const { flags } = type;
    if (flags & (ts.TypeFlags.Any | ts.TypeFlags.Unknown)) return {};
    if (flags & ts.TypeFlags.StringLiteral) return { type: 'string', enum: [(type as ts.StringLiteralType).value] };
    if (flags & ts.TypeFlags.NumberLiteral) return { type: 'number', enum: [(type as ts.NumberLiteralType).value] };
    if (flags & ts.TypeFlags.BooleanLiteral) return { type: 'boolean', enum: [this.checker.typeToString(type) === 'true'] };
    if (flags & (ts.TypeFlags.String | ts.TypeFlags.TemplateLiteral)) return { type: 'string' };
    if (flags & ts.TypeFlags.Number) return { type: 'number' };
    if (flags & ts.TypeFlags.Boolean) return { type: 'boolean' };
    if (flags & ts.TypeFlags.Null) return { nullable: true };
    if (type.isUnion()) return this.union(type.types);
    if (type.isIntersection()) {
      // A branded primitive (`string & { brand }`) travels as the primitive.
      const primitive = type.types.find((part) => part.flags & (ts.TypeFlags.String | ts.TypeFlags.Number | ts.TypeFlags.Boolean));
      if (primitive) return this.inline(primitive);
      return this.object(type);
    }
    if (this.checker.isArrayType(type) || this.checker.isTupleType(type)) {
      const items = this.checker.getTypeArguments(type as ts.TypeReference);
      return { type: 'array', items: items.length === 1 || this.checker.isArrayType(type) ? this.schema(items[0]!) : this.union([...items]) };
    }
    if (type.getSymbol()?.getName() === 'Date') return { type: 'string', format: 'date-time' };
    if (flags & ts.TypeFlags.Object) return this.object(type);
    throw new Error(`no JSON schema for the type ${this.checker.typeToString(type)}`);
  }

  private union(members: readonly ts.Type[]): JsonSchema {
    const present = members.filter((member) => !(member.flags & (ts.TypeFlags.Undefined | ts.TypeFlags.Void)));
    const nullable = present.some((member) => member.flags & ts.TypeFlags.Null);
    const values = present.filter((member) => !(member.flags & ts.TypeFlags.Null));
    const withNull = (schema: JsonSchema): JsonSchema => (nullable ? { ...schema, nullable: true } : schema);
    if (values.length > 0 && values.every((member) => member.flags & ts.TypeFlags.BooleanLiteral)) {
      return withNull(values.length === 2 ? { type: 'boolean' } : this.inline(values[0]!));
    }
    if (values.length > 0 && values.every((member) => member.flags & ts.TypeFlags.StringLiteral)) {
      return withNull({ type: 'string', enum: values.map((member) => (member as ts.StringLiteralType).value) });
    }
    const booleans = values.filter((member) => member.flags & ts.TypeFlags.BooleanLiteral);
    const others = values.filter((member) => !(member.flags & ts.TypeFlags.BooleanLiteral));
    const schemas = [...others.map((member) => this.schema(member)), ...(booleans.length === 2 ? [{ type: 'boolean' }] : booleans.map((b) => this.inline(b)))];
    if (schemas.length === 1) return withNull(nullable && '$ref' in schemas[0]! ? { allOf: schemas } : schemas[0]!);
    return withNull({ anyOf: schemas });
  }

  private object(type: ts.Type): JsonSchema {
    const properties: Record<string, JsonSchema> = {};
    const required: string[] = [];
    for (const property of this.checker.getPropertiesOfType(type)) {
      const declaration = property.valueDeclaration ?? property.declarations?.[0];
      const propertyType = declaration ? this.checker.getTypeOfSymbolAtLocation(property, declaration) : this.checker.getTypeOfSymbol(property);
      if (propertyType.getCallSignatures().length > 0) continue;
      const optional = (property.flags & ts.SymbolFlags.Optional) !== 0;
      const schema = this.schema(propertyType);
      const description = ts.displayPartsToString(property.getDocumentationComment(this.checker));
      properties[property.getName()] = description === '' ? schema : '$ref' in schema ? { allOf: [schema], description } : { ...schema, description };
      if (!optional) required.push(property.getName());
    }
    const index = this.checker.getIndexInfosOfType(type).find((info) => info.keyType.flags & (ts.TypeFlags.String | ts.TypeFlags.Number));
    return {
      type: 'object',
      ...(Object.keys(properties).length > 0 ? { properties } : {}),
      ...(required.length > 0 ? { required } : {}),
      additionalProperties: index ? this.schema(index.type) : false,
    };
  }
}
