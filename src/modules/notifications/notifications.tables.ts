/** Kysely types of notifications (migration 0023_notifications.sql). */
import type { Generated } from 'kysely';
import type { Json } from '../../db/columns.ts';

export interface NotificationsTable {
  id: Generated<number>;
  account_id: number;
  kind: string;
  unit_id: number | null;
  object_type: string | null;
  object_id: number | null;
  params: Json;
  created_at: Generated<Date>;
  read_at: Date | null;
}
