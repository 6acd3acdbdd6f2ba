/**
 * Numbers as Vietnamese officers write them: a dot between thousands, a comma before the decimals ("1.234", "3,2").
 * Shown that way whatever the page's language, as the forms are; entered that way, or with a decimal dot where it
 * cannot be read as thousands ("3.2").
 */

const formats = new Map<number, Intl.NumberFormat>();

/** A number with at most `fractionDigits` decimals (none: a count): "1.234", "3,2", "15". */
export function formatNumber(value: number, fractionDigits = 0): string {
  let format = formats.get(fractionDigits);
  if (!format) {
    format = new Intl.NumberFormat('vi-VN', { maximumFractionDigits: fractionDigits });
    formats.set(fractionDigits, format);
  }
  return format.format(value);
}

/**
 * A number typed either way, null when the text is empty or not a number. Where both marks appear the last one is
 * the decimal mark ("1.234,5", "1,234.5"); a lone comma is the decimal mark ("3,2"); a lone dot too ("3.2"), except
 * before exactly three digits ("1.500"), which Vietnamese reads as thousands, as `formatNumber` writes them; a mark
 * repeated separates thousands ("1.234.567"). Thousands are groups of three digits, else it is not a number.
 */
export function parseNumber(text: string): number | null {
  const plain = text.replace(/[\s\u00a0\u202f]/g, '');
  if (plain === '') return null;
  const commas = plain.split(',').length - 1;
  const dots = plain.split('.').length - 1;
  let decimal: ',' | '.' | null = null;
  if (commas > 0 && dots > 0) decimal = plain.lastIndexOf(',') > plain.lastIndexOf('.') ? ',' : '.';
  else if (commas === 1) decimal = ',';
  else if (dots === 1 && !/^-?[1-9]\d{0,2}\.\d{3}$/.test(plain)) decimal = '.';
  const grouping = decimal === ',' || (decimal === null && commas === 0) ? '.' : ',';
  const parts = decimal === null ? [plain] : plain.split(decimal);
  if (parts.length > 2) return null;
  const [whole, fraction] = parts;
  if (whole.includes(grouping) && !(grouping === '.' ? /^-?\d{1,3}(\.\d{3})+$/ : /^-?\d{1,3}(,\d{3})+$/).test(whole)) return null;
  const digits = fraction === undefined ? whole.replaceAll(grouping, '') : `${whole.replaceAll(grouping, '')}.${fraction}`;
  if (!/^-?(\d+\.?\d*|\.\d+)$/.test(digits)) return null;
  return Number(digits);
}
