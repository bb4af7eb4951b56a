import { PipelineError } from '../core/errors.ts';

/**
 * Typed, validated options. Each component declares one spec: field types, defaults, the
 * environment variable that may set it, and a line of documentation. `parseOptions` turns
 * partial input into a complete, frozen options object, rejecting unknown keys and reporting
 * every problem at once.
 */
interface FieldBase<T> {
  readonly doc: string;
  readonly env?: string;
  /** A field without default is required. */
  readonly default?: T;
}
export interface StringField extends FieldBase<string> {
  readonly kind: 'string';
  readonly pattern?: RegExp;
  /** Never printed back in error messages or config dumps. */
  readonly secret?: boolean;
}
export interface OptionalStringField {
  readonly kind: 'optionalString';
  readonly doc: string;
  readonly env?: string;
  readonly secret?: boolean;
}
export interface IntegerField extends FieldBase<number> {
  readonly kind: 'integer';
  readonly min?: number;
  readonly max?: number;
}
export interface BooleanField extends FieldBase<boolean> {
  readonly kind: 'boolean';
}
export interface ListField extends FieldBase<readonly string[]> {
  readonly kind: 'list';
  readonly minItems?: number;
}
export interface EnumField<V extends string> extends FieldBase<V> {
  readonly kind: 'enum';
  readonly values: readonly V[];
}
export type Field =
  StringField | OptionalStringField | IntegerField | BooleanField | ListField | EnumField<string>;

export type Spec = Readonly<Record<string, Field>>;

type ValueOf<F extends Field> = F extends StringField
  ? string
  : F extends OptionalStringField
    ? string | undefined
    : F extends IntegerField
      ? number
      : F extends BooleanField
        ? boolean
        : F extends ListField
          ? readonly string[]
          : F extends EnumField<infer V>
            ? V
            : never;

export type OptionsOf<S extends Spec> = { readonly [K in keyof S]: ValueOf<S[K]> };

export const field = {
  string: (f: Omit<StringField, 'kind'>): StringField => ({ kind: 'string', ...f }),
  optionalString: (f: Omit<OptionalStringField, 'kind'>): OptionalStringField => ({
    kind: 'optionalString',
    ...f,
  }),
  integer: (f: Omit<IntegerField, 'kind'>): IntegerField => ({ kind: 'integer', ...f }),
  boolean: (f: Omit<BooleanField, 'kind'>): BooleanField => ({ kind: 'boolean', ...f }),
  list: (f: Omit<ListField, 'kind'>): ListField => ({ kind: 'list', ...f }),
  enum: <V extends string>(f: Omit<EnumField<V>, 'kind'>): EnumField<V> => ({ kind: 'enum', ...f }),
};

/** Where a value came from, for error messages: `env KAFKA_BROKERS`, `config file`, `options`. */
export type Source = string;

export interface RawValue {
  readonly value: unknown;
  readonly source: Source;
}

const INVALID = Symbol('invalid');

function coerce(name: string, f: Field, raw: RawValue, problems: string[]): unknown {
  const { value, source } = raw;
  const fromText = typeof value === 'string';
  const shown = 'secret' in f && f.secret === true ? '<secret>' : JSON.stringify(value);
  const bad = (expected: string): typeof INVALID => {
    problems.push(`${name} (from ${source}): expected ${expected}, got ${shown}`);
    return INVALID;
  };
  switch (f.kind) {
    case 'string':
    case 'optionalString': {
      if (typeof value !== 'string') return bad('a string');
      if (f.kind === 'string' && f.pattern !== undefined && !f.pattern.test(value)) {
        return bad(`a string matching ${String(f.pattern)}`);
      }
      return value;
    }
    case 'integer': {
      const n = fromText && /^-?\d+$/.test(value.trim()) ? Number(value) : value;
      if (typeof n !== 'number' || !Number.isSafeInteger(n)) return bad('an integer');
      if (f.min !== undefined && n < f.min) return bad(`an integer >= ${f.min}`);
      if (f.max !== undefined && n > f.max) return bad(`an integer <= ${f.max}`);
      return n;
    }
    case 'boolean': {
      if (typeof value === 'boolean') return value;
      if (fromText && ['true', '1', 'yes'].includes(value.toLowerCase())) return true;
      if (fromText && ['false', '0', 'no'].includes(value.toLowerCase())) return false;
      return bad('a boolean (true/false)');
    }
    case 'list': {
      const items = fromText
        ? value
            .split(',')
            .map((s) => s.trim())
            .filter((s) => s !== '')
        : value;
      if (!Array.isArray(items) || !items.every((i): i is string => typeof i === 'string')) {
        return bad('a list of strings (or a comma-separated string)');
      }
      if (f.minItems !== undefined && items.length < f.minItems) return bad(`at least ${f.minItems} item(s)`);
      return Object.freeze([...items]);
    }
    case 'enum': {
      if (typeof value !== 'string' || !f.values.includes(value)) return bad(`one of ${f.values.join(', ')}`);
      return value;
    }
  }
}

/**
 * Builds the options of one component. Layers are applied in order, later ones winning:
 * defaults, then each object in `layers` (config file, code), then the environment.
 */
export function resolveOptions<S extends Spec>(
  component: string,
  spec: S,
  layers: readonly { readonly values: Readonly<Record<string, unknown>>; readonly source: Source }[],
  env: Readonly<Record<string, string | undefined>> = {},
): OptionsOf<S> {
  const problems: string[] = [];
  const chosen = new Map<string, RawValue>();
  for (const layer of layers) {
    for (const [key, value] of Object.entries(layer.values)) {
      if (!Object.hasOwn(spec, key)) {
        const known = Object.keys(spec).join(', ');
        problems.push(
          `${component}.${key} (from ${layer.source}): unknown option; known options are ${known}`,
        );
        continue;
      }
      if (value !== undefined) chosen.set(key, { value, source: layer.source });
    }
  }
  for (const [key, f] of Object.entries(spec)) {
    if (f.env === undefined) continue;
    const value = env[f.env];
    if (value !== undefined && value !== '') chosen.set(key, { value, source: `env ${f.env}` });
  }
  const result: Record<string, unknown> = {};
  for (const [key, f] of Object.entries(spec)) {
    const raw = chosen.get(key);
    const name = `${component}.${key}`;
    if (raw !== undefined) {
      result[key] = coerce(name, f, raw, problems);
    } else if (f.kind === 'optionalString') {
      result[key] = undefined;
    } else if (f.default !== undefined) {
      result[key] = f.default;
    } else {
      problems.push(`${name}: required${f.env === undefined ? '' : ` (set ${f.env})`}: ${f.doc}`);
    }
  }
  if (problems.length > 0) {
    throw new PipelineError(
      'CONFIG_INVALID',
      `invalid ${component} options:\n  - ${problems.join('\n  - ')}`,
      {
        details: { component, problems },
      },
    );
  }
  return Object.freeze(result) as OptionsOf<S>;
}

/** Options given in code: defaults, then `input`; unknown keys rejected. The environment is not read. */
export function parseOptions<S extends Spec>(
  component: string,
  spec: S,
  input: Readonly<Record<string, unknown>> = {},
): OptionsOf<S> {
  return resolveOptions(component, spec, [{ values: input, source: 'options' }]);
}
