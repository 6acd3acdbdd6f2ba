/** A number field that reads and writes numbers as Vietnamese officers do (`lib/numbers.ts`): "3,2" and "3.2" are 3.2. */
import { InputNumber, type InputNumberProps } from 'antd';
import { formatNumber, parseNumber } from '../lib/numbers.ts';

export interface NumberInputProps extends Omit<InputNumberProps<number>, 'parser' | 'formatter' | 'precision' | 'decimalSeparator'> {
  /** The decimals kept (rounded to when the field is left): none for a count. */
  fractionDigits?: number;
}

type Formatter = NonNullable<InputNumberProps<number>['formatter']>;

// An empty field is no value; text that is not a number is NaN, which the field ignores (it keeps the last value).
const parser = (text: string | undefined) => parseNumber(text ?? '') ?? ((text ?? '').trim() ? Number.NaN : null) as number;

// One formatter per number of decimals: the field writes its text again whenever its formatter changes, even mid-typing.
const formatters = new Map<number, Formatter>();
function formatterOf(fractionDigits: number): Formatter {
  let formatter = formatters.get(fractionDigits);
  if (!formatter) {
    formatter = (value, { userTyping, input }) => {
      if (userTyping) return input;
      return value === undefined || value === null || String(value) === '' ? '' : formatNumber(Number(value), fractionDigits);
    };
    formatters.set(fractionDigits, formatter);
  }
  return formatter;
}

export function NumberInput({ fractionDigits = 0, ...rest }: NumberInputProps) {
  return <InputNumber<number> {...rest} precision={fractionDigits} parser={parser} formatter={formatterOf(fractionDigits)} />;
}
