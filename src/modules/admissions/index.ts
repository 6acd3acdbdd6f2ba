/**
 * The admission pipeline's surface (the routes are declared in `area.ts`): the reminder job for a scheduler, and the
 * calendar in force (the statutory one with the centre's adjustments) for any area that counts working days.
 */
export { sendAdmissionReminders, calendarOf } from './admissions.service.ts';
