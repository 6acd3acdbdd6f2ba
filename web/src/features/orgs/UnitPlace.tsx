/**
 * A unit shown with where it is (issue 10, item 4): its name, and under it the units above that tell it apart
 * (`placeAbove` on the server, joined by PLACE_SEPARATOR). Used wherever a list or a page names a unit.
 */
import { Link } from 'react-router-dom';
import { Typography } from 'antd';
import { PLACE_SEPARATOR } from '../../../../src/rules/unit-place.ts';

export function placeText(place: readonly string[] | undefined): string {
  return (place ?? []).join(PLACE_SEPARATOR);
}

export function UnitWithPlace({ id, name, place, date, link = true }: { id?: number | null; name: string; place?: readonly string[]; date?: string; link?: boolean }) {
  const where = placeText(place);
  const label = link && id ? <Link to={`/units/${id}${date ? `?date=${date}` : ''}`}>{name}</Link> : <span>{name}</span>;
  return (
    <span style={{ display: 'inline-flex', flexDirection: 'column', minWidth: 0 }} data-testid="unit-with-place">
      {label}
      {where ? <Typography.Text type="secondary" style={{ fontSize: 12 }} data-testid="unit-place">{where}</Typography.Text> : null}
    </span>
  );
}
