/** A unit's name as of a date, fetched (and cached) by id; for summaries that carry only ids. */
import { Link } from 'react-router-dom';
import { Typography } from 'antd';
import { useUnit } from './api.ts';

export function UnitName({ id, date, link = true, fallback }: { id: number | null | undefined; date: string; link?: boolean; fallback?: string }) {
  const unit = useUnit(id ?? undefined, date);
  if (id === null || id === undefined) return <Typography.Text type="secondary">—</Typography.Text>;
  const name = unit.data?.name ?? fallback ?? `#${id}`;
  if (!link || unit.isError) return <span>{name}</span>;
  return <Link to={`/units/${id}?date=${date}`}>{name}</Link>;
}
