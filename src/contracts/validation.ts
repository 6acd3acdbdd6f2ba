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

/**
 * The options of a refinement whose message is the project's own: `.refine(check, ownMessage({ vi, en }))`. The text
 * rides in the issue's params rather than as a fixed message, which would win over the parse's error map.
 */
export function ownMessage(text: LocalizedText): { params: { text: LocalizedText } } {
  return { params: { text } };
}

type LocaleError = (issue: z.core.$ZodRawIssue) => string;
const localeErrors: Partial<Record<Locale, LocaleError>> = {};

/** zod's messages in a language, made on first use (the web never asks for them). */
function localeErrorOf(locale: Locale): LocaleError {
  return (localeErrors[locale] ??= (locale === 'vi' ? z.locales.vi() : z.locales.en()).localeError as LocaleError);
}

/** The error map of a parse whose messages are in `locale`: `schema.safeParse(value, { error: validationErrorMap(locale) })`. */
export function validationErrorMap(locale: Locale): z.core.$ZodErrorMap {
  return (issue) => {
    const own = (issue as { params?: { text?: LocalizedText } }).params?.text;
    return own?.[locale] ?? localeErrorOf(locale)(issue);
  };
}

