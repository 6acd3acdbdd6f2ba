/**
 * JSON Schema (as the OpenAPI document gives it, OpenAPI 3.0 dialect: `nullable`, boolean `exclusiveMinimum`) →
 * fast-check arbitraries. `validValue` stays inside the schema, `hostileValue` breaks it on purpose, and `mixedValue`
 * is what the suite sends: mostly valid shapes with hostile leaves, missing required fields and extra fields.
 */
import fc from 'fast-check';

export interface JsonSchema {
  type?: string;
  properties?: Record<string, JsonSchema>;
  required?: string[];
  additionalProperties?: boolean | JsonSchema;
  enum?: unknown[];
  minimum?: number;
  maximum?: number;
  exclusiveMinimum?: boolean | number;
  exclusiveMaximum?: boolean | number;
  minLength?: number;
  maxLength?: number;
  pattern?: string;
  format?: string;
  nullable?: boolean;
  items?: JsonSchema;
  minItems?: number;
  maxItems?: number;
  oneOf?: JsonSchema[];
  anyOf?: JsonSchema[];
  default?: unknown;
}

/** Ids that exist in the world, by what they name; the generator picks both in-scope and out-of-scope ones. */
export type IdPools = Record<string, number[]>;

/** Tells which pool of ids a field draws from, by its name (and, for a path `id`, by the route's path). */
export type IdPoolOf = (field: string) => number[] | undefined;

const LONG = 'x'.repeat(10_000);

/** Text a hostile client sends: NUL, lone surrogates, astral characters, huge strings, RTL/zero-width, SQL/HTML. */
export const HOSTILE_STRINGS: readonly string[] = [
  '', ' ', '\u0000', 'a\u0000b', '\ud800', 'x\udfffy', '\udc00\ud800', '𠀀', 'Nguyễn 𠀀 Văn', '👨‍👩‍👧‍👦🇻🇳', LONG, 'ễ'.repeat(10_000),
  '\u202eabc\u200b\ufeff\u200d', '\n\r\t', "' OR 1=1 --", "x'); drop table members; --", '<script>alert(1)</script>', '${7*7}{{7*7}}',
  '%00', '%', '../../etc/passwd', 'NaN', 'Infinity', '-1', '0', '1e308', '9'.repeat(40), '1.5', '0x10', 'null', 'true', '[]', '{}',
  '2024-02-30', '0000-00-00', '9999-12-31', '2024-13-01', '1900-01-01',
];

/** The same catalogue by family: NUL, lone surrogates, astral and emoji, long, invisible/RTL, injection-ish. */
const HOSTILE_FAMILIES: readonly string[][] = [
  ['\u0000', 'a\u0000b', 'Nguyễn\u0000'],
  ['\ud800', 'x\udfffy', '\udc00\ud800', 'An\ud83d'],
  ['𠀀', 'Nguyễn 𠀀 Văn', '👨‍👩‍👧‍👦🇻🇳', '😀'],
  [LONG, 'ễ'.repeat(10_000), 'a'.repeat(200), 'ễ'.repeat(300)],
  ['\u202eabc\u200b\ufeff\u200d', '\n\r\t', ' ', 'ﷺ'],
  ["' OR 1=1 --", "x'); drop table members; --", '<script>alert(1)</script>', '${7*7}{{7*7}}', '%', '_%\\', '../../etc/passwd'],
];

/** Numbers at and beyond every boundary, and floats where integers are expected. */
export const HOSTILE_NUMBERS: readonly number[] = [
  0, -1, 1.5, 0.1, -0.5, 2 ** 31 - 1, 2 ** 31, 2 ** 32, 2 ** 53 - 1, 2 ** 53, 2 ** 63, 1e308, -1e308, Number.MIN_VALUE,
];

const WRONG_TYPES: readonly unknown[] = [null, true, false, [], {}, [1, 2], { a: 1 }, 'abc', 0, -1, ''];

const validDate = fc.date({ min: new Date('1930-01-01T00:00:00Z'), max: new Date('2035-12-31T00:00:00Z'), noInvalidDate: true })
  .map((date) => date.toISOString().slice(0, 10));
const DATE_BOUNDARIES = ['2024-02-29', '1930-01-01', '2000-01-01', '2025-01-02', '2099-12-31'];
const VIETNAMESE = ['Nguyễn Văn An', 'Chi bộ thôn Một', 'Đảng bộ xã Hai', 'Trần Thị Ánh', 'Quyết định 01-QĐ/TW', 'an', 'mot'];

function isDateSchema(schema: JsonSchema): boolean {
  return schema.format === 'date' || schema.pattern === '^\\d{4}-\\d{2}-\\d{2}$';
}

function typeOf(schema: JsonSchema): string | undefined {
  if (schema.type) return schema.type;
  if (schema.properties) return 'object';
  if (schema.enum) return typeof schema.enum[0];
  return undefined;
}

function stringWithin(schema: JsonSchema): fc.Arbitrary<string> {
  if (isDateSchema(schema)) return fc.oneof(validDate, fc.constantFrom(...DATE_BOUNDARIES));
  const minLength = schema.minLength ?? 0;
  const maxLength = Math.max(minLength, Math.min(schema.maxLength ?? 60, 60));
  if (schema.pattern) {
    try {
      const pattern = new RegExp(schema.pattern, 'u');
      return fc.stringMatching(pattern).filter((text) => text.length >= minLength && text.length <= (schema.maxLength ?? Infinity));
    } catch {
      return fc.constant('a'.repeat(Math.max(minLength, 1)));
    }
  }
  return fc.oneof(
    fc.string({ minLength, maxLength, unit: 'grapheme' }),
    fc.constantFrom(...VIETNAMESE.filter((text) => text.length >= minLength && text.length <= (schema.maxLength ?? Infinity))),
  );
}

function integerBounds(schema: JsonSchema): { min: number; max: number } {
  let min = schema.minimum ?? -(2 ** 31);
  let max = schema.maximum ?? 2 ** 31;
  if (schema.exclusiveMinimum === true) min += 1;
  if (typeof schema.exclusiveMinimum === 'number') min = schema.exclusiveMinimum + 1;
  if (schema.exclusiveMaximum === true) max -= 1;
  if (typeof schema.exclusiveMaximum === 'number') max = schema.exclusiveMaximum - 1;
  return { min, max };
}

/** A value the schema accepts (shape only: the world may still refuse it). */
export function validValue(schema: JsonSchema, pools: IdPoolOf, field = ''): fc.Arbitrary<unknown> {
  const inner = validInner(schema, pools, field);
  return schema.nullable ? fc.oneof({ weight: 4, arbitrary: inner }, { weight: 1, arbitrary: fc.constant(null) }) : inner;
}

function validInner(schema: JsonSchema, pools: IdPoolOf, field: string): fc.Arbitrary<unknown> {
  const options = schema.oneOf ?? schema.anyOf;
  if (options) return fc.oneof(...options.map((option) => validValue(option, pools, field)));
  if (schema.enum) return fc.constantFrom(...schema.enum);
  switch (typeOf(schema)) {
    case 'integer': {
      const { min, max } = integerBounds(schema);
      const ids = pools(field)?.filter((id) => id >= min && id <= max) ?? [];
      const small = fc.integer({ min, max: Math.min(max, Math.max(min, 0) + 1000) });
      const ends = fc.constantFrom(min, max);
      return ids.length > 0 ? fc.oneof({ weight: 4, arbitrary: fc.constantFrom(...ids) }, small, ends) : fc.oneof(small, ends);
    }
    case 'number': {
      const { min, max } = integerBounds(schema);
      return fc.oneof(fc.double({ min: Math.max(min, -1e6), max: Math.min(max, 1e6), noNaN: true, noDefaultInfinity: true }), fc.constantFrom(min, max));
    }
    case 'boolean': return fc.boolean();
    case 'string': return stringWithin(schema);
    case 'array': {
      const minLength = schema.minItems ?? 0;
      return fc.array(validValue(schema.items ?? {}, pools, field), { minLength, maxLength: Math.max(minLength, Math.min(schema.maxItems ?? 3, 3)) });
    }
    case 'object': {
      const properties = schema.properties ?? {};
      const record: Record<string, fc.Arbitrary<unknown>> = {};
      for (const [name, property] of Object.entries(properties)) record[name] = validValue(property, pools, name);
      return fc.record(record, { requiredKeys: (schema.required ?? []).filter((name) => name in properties) });
    }
    default: return fc.constantFrom('a', 1, null, true);
  }
}

/** A value the schema refuses, or that sits on its very edge: the hostile catalogue for the field's type. */
export function hostileValue(schema: JsonSchema, pools: IdPoolOf, field = ''): fc.Arbitrary<unknown> {
  const wrong = fc.constantFrom(...WRONG_TYPES);
  const strings = fc.constantFrom(...HOSTILE_STRINGS);
  const numbers = fc.constantFrom(...HOSTILE_NUMBERS);
  switch (typeOf(schema)) {
    case 'integer':
    case 'number':
      return fc.oneof({ weight: 3, arbitrary: numbers }, strings, wrong);
    case 'string': {
      const tooLong = schema.maxLength !== undefined ? [fc.constant('ẫ'.repeat(schema.maxLength + 1)), fc.constant('𠀀'.repeat(schema.maxLength))] : [];
      return fc.oneof({ weight: 4, arbitrary: strings }, numbers, wrong, ...tooLong);
    }
    case 'array': {
      const overfull = fc.constant(Array.from({ length: Math.min((schema.maxItems ?? 1000) + 1, 1001) }, () => 1));
      return fc.oneof(fc.array(hostileValue(schema.items ?? {}, pools, field), { minLength: 1, maxLength: 3 }), overfull, wrong, strings);
    }
    case 'object': return fc.oneof(mutatedObject(schema, pools), wrong, strings);
    default: return fc.oneof(strings, numbers, wrong);
  }
}

/**
 * Hostile text the schema still accepts (NUL, lone surrogates, astral, RTL, SQL-ish, within the length and pattern):
 * what passes validation and reaches the services and the database.
 */
export function sneakyValue(schema: JsonSchema, pools: IdPoolOf, field = ''): fc.Arbitrary<unknown> {
  if (typeOf(schema) !== 'string' || schema.enum || isDateSchema(schema)) return hostileValue(schema, pools, field);
  const fits = (text: string) => text.length >= (schema.minLength ?? 0) && text.length <= (schema.maxLength ?? Infinity)
    && (!schema.pattern || new RegExp(schema.pattern, 'u').test(text));
  // One family at a time, each as likely as the others, so a few runs meet every family.
  const families = HOSTILE_FAMILIES.map((family) => family.filter(fits)).filter((family) => family.length > 0).map((family) => fc.constantFrom(...family));
  // Only the splices that fit are offered: a filter that can never pass (a pattern no hostile character matches, as a
  // username's) would make fast-check retry for ever.
  const spliced = fc.tuple(validValue(schema, pools, field), fc.constantFrom('\u0000', '\ud800', '\udfff', '𠀀', '😀', '\u202e', '\u200b', "'", '\\'))
    .map(([text, bad]) => `${String(text)}${bad}`)
    .map((text) => (fits(text) ? text : null));
  const chosen = families.length > 0 ? fc.oneof(...families, spliced) : fc.oneof(spliced, hostileValue(schema, pools, field));
  // A splice that does not fit becomes a hostile value instead (refused by validation, still worth sending).
  return chosen.chain((value) => (value === null ? hostileValue(schema, pools, field) : fc.constant(value)));
}

/** Whether a schema is free text (no enum, no date): where hostile text reaches the services. */
export function isFreeText(schema: JsonSchema): boolean {
  return typeOf(schema) === 'string' && !schema.enum && !isDateSchema(schema);
}

/** A valid object with exactly one property (at any depth of the first level) made hostile or sneaky. */
export function oneBadField(schema: JsonSchema, pools: IdPoolOf): fc.Arbitrary<unknown> {
  const properties = Object.entries(schema.properties ?? {});
  if (typeOf(schema) !== 'object' || properties.length === 0) return hostileValue(schema, pools);
  const freeText = properties.filter(([, property]) => isFreeText(property));
  return fc.constantFrom(...properties, ...freeText, ...freeText).chain(([name, property]) => fc.tuple(
    validValue(schema, pools),
    typeOf(property) === 'object' && property.properties ? oneBadField(property, pools) : fc.oneof(sneakyValue(property, pools, name), hostileValue(property, pools, name)),
  ).map(([value, bad]) => ({ ...(value as object), [name]: bad })));
}

/** Mostly-valid: each leaf valid (often) or hostile (sometimes). */
export function mixedValue(schema: JsonSchema, pools: IdPoolOf, field = ''): fc.Arbitrary<unknown> {
  if (typeOf(schema) === 'object' && schema.properties) return fc.oneof({ weight: 2, arbitrary: validValue(schema, pools, field) }, { weight: 3, arbitrary: mutatedObject(schema, pools) });
  return fc.oneof({ weight: 3, arbitrary: validValue(schema, pools, field) }, { weight: 2, arbitrary: hostileValue(schema, pools, field) });
}

/** An object whose leaves are mixed, with now and then a required field dropped or an unknown field added. */
function mutatedObject(schema: JsonSchema, pools: IdPoolOf): fc.Arbitrary<unknown> {
  const properties = schema.properties ?? {};
  const record: Record<string, fc.Arbitrary<unknown>> = {};
  for (const [name, property] of Object.entries(properties)) record[name] = mixedValue(property, pools, name);
  const names = Object.keys(properties);
  const base = fc.record(record, { requiredKeys: (schema.required ?? []).filter((name) => name in properties) });
  return fc.tuple(base, fc.nat({ max: 9 }), names.length > 0 ? fc.constantFrom(...names) : fc.constant(''), fc.constantFrom(...HOSTILE_STRINGS))
    .map(([value, dice, name, text]) => {
      const copy: Record<string, unknown> = { ...(value as Record<string, unknown>) };
      if (dice === 0 && name) delete copy[name];
      if (dice === 1) copy.__proto__extra = text;
      if (dice === 2) Object.defineProperty(copy, '__proto__', { value: { polluted: true }, enumerable: true });
      if (dice === 3) copy['constructor'] = { prototype: { polluted: true } };
      return copy;
    });
}

/** Whole-body choice: fully valid, mixed, or an outright wrong type. */
export function bodyValue(schema: JsonSchema, pools: IdPoolOf): fc.Arbitrary<unknown> {
  return fc.oneof(
    { weight: 2, arbitrary: validValue(schema, pools) },
    { weight: 5, arbitrary: oneBadField(schema, pools) },
    { weight: 2, arbitrary: mixedValue(schema, pools) },
    { weight: 1, arbitrary: fc.constantFrom(...WRONG_TYPES, 'plain text', 42) },
  );
}

/**
 * Percent-encodes text for a URL the way a hostile client may: every UTF-16 unit is sent, a lone surrogate as its
 * (invalid) three UTF-8-style bytes, so the server meets what `encodeURIComponent` would refuse to build.
 */
export function encodeHostile(text: string): string {
  let out = '';
  for (let index = 0; index < text.length; index++) {
    const unit = text.charCodeAt(index);
    const isHigh = unit >= 0xd800 && unit <= 0xdbff;
    const next = text.charCodeAt(index + 1);
    if (isHigh && next >= 0xdc00 && next <= 0xdfff) {
      out += encodeURIComponent(text.slice(index, index + 2));
      index++;
    } else if (unit >= 0xd800 && unit <= 0xdfff) {
      out += [0xe0 | (unit >> 12), 0x80 | ((unit >> 6) & 0x3f), 0x80 | (unit & 0x3f)].map((byte) => `%${byte.toString(16).toUpperCase()}`).join('');
    } else {
      out += encodeURIComponent(text[index]);
    }
  }
  return out;
}

/** What a query or path value looks like on the wire. */
export function wireText(value: unknown): string {
  if (typeof value === 'string') return value;
  if (typeof value === 'number' || typeof value === 'boolean' || value === null) return String(value);
  return JSON.stringify(value) ?? '';
}
