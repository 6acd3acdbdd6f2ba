/** The "as of" date of a page, kept in the URL (`?date=yyyy-mm-dd`) so links and reloads keep it; today by default. */
import { useCallback } from 'react';
import { useSearchParams } from 'react-router-dom';
import { todayInVietnam } from './dates.ts';

const ISO = /^\d{4}-\d{2}-\d{2}$/;

export function useAsOfDate(): [string, (date: string | null) => void] {
  const [params, setParams] = useSearchParams();
  const raw = params.get('date');
  const date = raw && ISO.test(raw) ? raw : todayInVietnam();
  const setDate = useCallback((next: string | null) => {
    setParams((current) => {
      const copy = new URLSearchParams(current);
      if (!next || next === todayInVietnam()) copy.delete('date');
      else copy.set('date', next);
      return copy;
    }, { replace: true });
  }, [setParams]);
  return [date, setDate];
}
