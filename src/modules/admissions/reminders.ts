/**
 * The daily reminder of overdue admission steps (issue 13, item 5): run once a day by the server's daily jobs
 * (src/kernel/daily-jobs.ts), a thousand files a step; each file is reminded once per stage (marked when notified).
 */
import type { DailyJob } from '../../kernel/index.ts';
import { sendAdmissionReminders } from './admissions.service.ts';

const BATCH = 1_000;

export const admissionReminders: DailyJob = {
  key: 'admission-reminders',
  batch: BATCH,
  step: (tx, today) => sendAdmissionReminders(tx, today, BATCH),
};
