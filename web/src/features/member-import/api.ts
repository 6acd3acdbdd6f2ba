/**
 * Member import over `/api/member-import` (shapes and flow in `src/contracts/member-import.ts`): the template, the
 * upload (the file itself as the body, with upload progress), validation and apply (background work, polled), the rows
 * with their problems, and the error report.
 */
import { keepPreviousData, useInfiniteQuery, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import type {
  ImportApplyRequest, ImportJob, ImportJobList, ImportRows, ImportValidateRequest,
} from '../../../../src/contracts/member-import.ts';
import { api, ApiError, apiDownload, buildUrl, saveBlob, type Locale } from '../../lib/api.ts';
import { memberKeys } from '../members/api.ts';

const WORKING: ImportJob['status'][] = ['validating', 'applying'];

export const importKeys = {
  all: ['member-import'] as const,
  jobs: () => [...importKeys.all, 'jobs'] as const,
  job: (id: number) => [...importKeys.all, 'job', id] as const,
  rows: (id: number, invalidOnly: boolean, rowVersion: number) => [...importKeys.all, 'rows', id, invalidOnly, rowVersion] as const,
};

/** Rows of a job and import jobs asked per page. */
export const IMPORT_ROWS_PAGE = 200;
export const IMPORT_JOBS_PAGE = 20;

/** The import jobs of the caller's units, newest first, a page at a time (the first page carries the total). */
export function useImportJobs() {
  return useInfiniteQuery({
    queryKey: importKeys.jobs(),
    queryFn: ({ pageParam }) => api<ImportJobList>('/member-import/jobs', { query: { limit: IMPORT_JOBS_PAGE, cursor: pageParam ?? undefined } }),
    initialPageParam: null as string | null,
    getNextPageParam: (page) => page.nextCursor,
  });
}

/** A job, polled while the server is working on it. */
export function useImportJob(id: number | null) {
  const queryClient = useQueryClient();
  return useQuery({
    queryKey: importKeys.job(id ?? 0),
    queryFn: async () => {
      const job = await api<ImportJob>(`/member-import/jobs/${id}`);
      if (job.status === 'applied') void queryClient.invalidateQueries({ queryKey: memberKeys.all });
      if (!WORKING.includes(job.status)) void queryClient.invalidateQueries({ queryKey: importKeys.jobs() });
      return job;
    },
    enabled: id !== null,
    staleTime: 0,
    refetchInterval: (query) => (query.state.data && WORKING.includes(query.state.data.status) ? 500 : false),
  });
}

/** A validated job's rows (every one, or the invalid ones), in sheet order, a page at a time through the server's cursor. */
export function useImportRows(job: ImportJob | undefined, invalidOnly: boolean) {
  const ready = !!job && ['validated', 'applied'].includes(job.status);
  return useInfiniteQuery({
    queryKey: importKeys.rows(job?.id ?? 0, invalidOnly, job?.rowVersion ?? 0),
    queryFn: ({ pageParam }) => api<ImportRows>(`/member-import/jobs/${job!.id}/rows`, {
      query: { invalidOnly: String(invalidOnly), limit: IMPORT_ROWS_PAGE, after: pageParam ?? undefined },
    }),
    initialPageParam: null as number | null,
    getNextPageParam: (page) => page.nextCursor,
    enabled: ready,
    placeholderData: keepPreviousData,
  });
}

/**
 * Uploads the file as the request body (the server reads it as a stream with a size limit). Sent with
 * XMLHttpRequest for its upload progress; the session cookie, CSRF token and language go as with every request.
 */
export function uploadImportFile(input: { file: File; unitId: number; csrfToken: string; locale: Locale; onProgress?: (percent: number) => void }): Promise<ImportJob> {
  return new Promise((resolve, reject) => {
    const request = new XMLHttpRequest();
    request.open('POST', buildUrl('/member-import/jobs', { unitId: input.unitId, filename: input.file.name }));
    request.setRequestHeader('content-type', 'application/octet-stream');
    request.setRequestHeader('accept', 'application/json');
    request.setRequestHeader('x-csrf-token', input.csrfToken);
    request.setRequestHeader('x-locale', input.locale);
    request.withCredentials = true;
    request.upload.onprogress = (event) => {
      if (event.lengthComputable) input.onProgress?.(Math.round((event.loaded / event.total) * 100));
    };
    request.onerror = () => reject(new ApiError(0, 'NETWORK', input.locale === 'vi' ? 'Không kết nối được máy chủ.' : 'Cannot reach the server.', null));
    request.onload = () => {
      let payload: unknown = null;
      try {
        payload = JSON.parse(request.responseText);
      } catch {
        payload = null;
      }
      if (request.status >= 200 && request.status < 300) {
        resolve(payload as ImportJob);
        return;
      }
      const error = (payload as { error?: { code?: string; message?: string; details?: unknown } } | null)?.error;
      reject(new ApiError(request.status, error?.code ?? `HTTP_${request.status}`, error?.message ?? request.statusText, error?.details ?? null));
    };
    request.send(input.file);
  });
}

export function useStartValidation() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: ({ id, ...body }: ImportValidateRequest & { id: number }) => api<ImportJob>(`/member-import/jobs/${id}/validate`, { method: 'POST', body }),
    onSuccess: (job) => queryClient.setQueryData(importKeys.job(job.id), job),
    meta: { silent: true },
  });
}

export function useStartApply() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: ({ id, ...body }: ImportApplyRequest & { id: number }) => api<ImportJob>(`/member-import/jobs/${id}/apply`, { method: 'POST', body }),
    onSuccess: (job) => queryClient.setQueryData(importKeys.job(job.id), job),
    meta: { silent: true },
  });
}

/** The template; with a unit, its cell sheet lists only the cells under that unit. */
export async function downloadTemplate(unitId?: number) {
  const { blob, filename } = await apiDownload(`/member-import/template.xlsx${unitId ? `?unitId=${unitId}` : ''}`);
  saveBlob(blob, filename ?? 'mau-nhap-dang-vien.xlsx');
}

export async function downloadErrorReport(job: ImportJob) {
  const { blob, filename } = await apiDownload(`/member-import/jobs/${job.id}/report.xlsx`);
  saveBlob(blob, filename ?? `loi-${job.filename.replace(/\.[^.]+$/, '')}.xlsx`);
}
