/** A date picker that speaks 'yyyy-mm-dd' to the code and dd/mm/yyyy to the person. */
import { DatePicker, type DatePickerProps } from 'antd';
import { DISPLAY_DATE, toDayjs, toIsoDate } from '../lib/dates.ts';

export interface DateFieldProps extends Omit<DatePickerProps, 'value' | 'onChange' | 'format' | 'picker'> {
  value?: string | null;
  onChange?: (value: string | null) => void;
}

export function DateField({ value, onChange, ...rest }: DateFieldProps) {
  return (
    <DatePicker
      {...rest}
      format={[DISPLAY_DATE, 'D/M/YYYY', 'DDMMYYYY']}
      value={toDayjs(value ?? null)}
      onChange={(next) => onChange?.(toIsoDate(Array.isArray(next) ? next[0] : next))}
    />
  );
}
