/**
 * Errors from queries and mutations are shown in one place: the query client calls `notifyError`, which uses the
 * antd notification API bound inside <App> (so it follows the theme and language).
 */
import type { NotificationInstance } from 'antd/es/notification/interface';
import { ApiError } from '../lib/api.ts';

let notifier: NotificationInstance | null = null;
let codeLine: (code: string) => string = (code) => code;

/** `describeCode` labels the stable code under a message ("Mã lỗi: …"), for the officer who reports it. */
export function bindNotifier(instance: NotificationInstance | null, describeCode?: (code: string) => string) {
  notifier = instance;
  codeLine = describeCode ?? ((code) => code);
}

export function notifyError(error: unknown) {
  if (!notifier) return;
  if (error instanceof ApiError) {
    notifier.error({ key: `${error.code}:${error.message}`, title: error.message, description: codeLine(error.code), placement: 'topRight', duration: 6 });
  } else if (error instanceof Error && error.name !== 'AbortError') {
    notifier.error({ key: error.message, title: error.message, placement: 'topRight', duration: 6 });
  }
}
