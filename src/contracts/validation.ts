/**
 * The messages of a request's validation issues, in the caller's language. zod's own checks take theirs from zod's
 * locales; a check of the project's own declares its message in both languages with `ownMessage`, and the error map
 * a parse is given (`validationErrorMap`, per request on the server) picks one.
 */
import { z } from 'zod';
import type { Locale } from './error-table.ts';

/** A message of the project's own, in Vietnamese and English. */
export interface LocalizedText {
  vi: string;
  en: string;
}

/** What `ownMessage` puts in a check's params: its message in both languages, and a refinement's stable key. */
export interface OwnCheckParams {
  text: LocalizedText;
  check?: string;
}

/**
 * The options of a check whose message is the project's own, in both languages: `.refine(check, ownMessage({ vi, en },
 * 'key'))`, `.regex(pattern, ownMessage({ vi, en }))`, `.min(n, ownMessage({ vi, en }))`. The text rides in the check's
 * params rather than as a fixed message, which would win over the parse's error map. `check` is the stable key a
 * refinement's issue carries beside zod's code (`custom`), in snake_case, never renamed: a check of zod's own kind (a
 * pattern, a length) is told by zod's code (`invalid_format`, `too_small`), so the key is for refinements.
 */
export function ownMessage(text: LocalizedText, check?: string): { params: OwnCheckParams; error?: undefined } {
  return { params: check === undefined ? { text } : { text, check } };
}

/** The project's own message and key of an issue as zod raises it (a refinement's params, or the params of the check that raised it). */
function ownParamsOf(issue: z.core.$ZodRawIssue): OwnCheckParams | undefined {
  const raw = issue as { params?: Partial<OwnCheckParams>; inst?: { _zod?: { def?: { params?: Partial<OwnCheckParams> } } } };
  const params = raw.params?.text ? raw.params : raw.inst?._zod?.def?.params;
  return params?.text ? (params as OwnCheckParams) : undefined;
}

/** The stable key of a project's own refinement in a parsed issue (its params), if it declared one. */
export function ownCheckOf(issue: z.core.$ZodIssue): string | undefined {
  const check = (issue as { params?: { check?: unknown } }).params?.check;
  return typeof check === 'string' ? check : undefined;
}

/** A list's cursor that does not decode (the services that check one themselves; the kernel's codec says the same). */
export const INVALID_CURSOR_TEXT: LocalizedText = { vi: 'Con trỏ phân trang không hợp lệ', en: 'Invalid paging cursor' };

type LocaleError = (issue: z.core.$ZodRawIssue) => string;
const localeErrors: Partial<Record<Locale, LocaleError>> = {};

/** zod's messages in a language, made on first use (the web never asks for them). */
function localeErrorOf(locale: Locale): LocaleError {
  return (localeErrors[locale] ??= (locale === 'vi' ? z.locales.vi() : z.locales.en()).localeError as LocaleError);
}

/** The error map of a parse whose messages are in `locale`: `schema.safeParse(value, { error: validationErrorMap(locale) })`. */
export function validationErrorMap(locale: Locale): z.core.$ZodErrorMap {
  return (issue) => ownParamsOf(issue)?.text[locale] ?? localeErrorOf(locale)(issue);
}

