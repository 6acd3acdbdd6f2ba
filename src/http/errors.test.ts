/** The error handler turns what the database refuses into declared codes, never a 500 with its text. */
import Fastify from 'fastify';
import { describe, expect, it } from 'vitest';
import { registerErrorHandling } from './errors.ts';
import { AppError } from '../contracts/errors.ts';
import { DocumentsBusyError } from '../lib/documents/render-in-worker.ts';

async function answerFor(thrown: unknown) {
  const app = Fastify();
  registerErrorHandling(app);
  app.get('/boom', async () => { throw thrown; });
  const response = await app.inject({ method: 'GET', url: '/boom', headers: { 'accept-language': 'vi' } });
  await app.close();
  return { status: response.statusCode, body: response.json() as { error: { code: string; message: string } } };
}

describe('database refusals', () => {
  it('a placement outside a cell refused by the database (migration 0026) is UNIT_NOT_A_CELL', async () => {
    const error = Object.assign(new Error('member placement 1 of member 2 in unit 3 overlaps a version of kind grassroots_committee'), { code: '23514', constraint: 'member_placement_in_cell' });
    const answer = await answerFor(error);
    expect(answer.status).toBe(422);
    expect(answer.body.error.code).toBe('UNIT_NOT_A_CELL');
    expect(answer.body.error.message).toBe('Đảng viên phải sinh hoạt tại một chi bộ.');
  });

  it('another check violation stays an internal error without its text', async () => {
    const answer = await answerFor(Object.assign(new Error('secret detail'), { code: '23514', constraint: 'something_else' }));
    expect(answer.status).toBe(500);
    expect(answer.body.error.code).toBe('INTERNAL');
    expect(JSON.stringify(answer.body)).not.toContain('secret detail');
  });

  it('a document refused a place in the layout workers is 429 DOCUMENTS_BUSY, with when to come back', async () => {
    const app = Fastify();
    registerErrorHandling(app);
    app.get('/boom', async () => { throw new DocumentsBusyError(60); });
    const response = await app.inject({ method: 'GET', url: '/boom', headers: { 'accept-language': 'vi' } });
    await app.close();
    expect(response.statusCode).toBe(429);
    expect(response.headers['retry-after']).toBe('60');
    expect(response.json().error).toMatchObject({ code: 'DOCUMENTS_BUSY', details: { retryAfterSeconds: 60 } });
    expect(response.json().error.message).toContain('thử lại sau');
  });

  it('a unique violation is CONFLICT', async () => {
    const answer = await answerFor(Object.assign(new Error('duplicate key'), { code: '23505' }));
    expect(answer.status).toBe(409);
    expect(answer.body.error.code).toBe('CONFLICT');
  });

  it('a statement cancelled by the pool\'s time limit is QUERY_TOO_LARGE, not a server fault', async () => {
    const answer = await answerFor(Object.assign(new Error('canceling statement due to statement timeout'), { code: '57014' }));
    expect(answer.status).toBe(422);
    expect(answer.body.error.code).toBe('QUERY_TOO_LARGE');
    expect(JSON.stringify(answer.body)).not.toContain('canceling');
  });
});

describe('validation issues a service raises', () => {
  const twice = { path: 'body.awards', check: 'duplicate_member', message: { vi: 'Một đảng viên có tên hai lần trong danh sách', en: 'A member is listed twice' } };

  it('carry the message in the caller\'s language, zod\'s code for a check of the project\'s own, and their key', async () => {
    const answer = await answerFor(new AppError('VALIDATION_FAILED', { issues: [twice, { path: 'body.q', code: 'too_small', message: 'short' }] }));
    expect(answer.status).toBe(422);
    expect((answer.body.error as { details?: unknown }).details).toEqual({
      issues: [
        { path: 'body.awards', code: 'custom', check: 'duplicate_member', message: 'Một đảng viên có tên hai lần trong danh sách' },
        { path: 'body.q', code: 'too_small', message: 'short' },
      ],
    });
  });

  it('also inside a bulk answer\'s rows', async () => {
    const rows = [{ index: 3, code: 'VALIDATION_FAILED', message: 'Dữ liệu không hợp lệ.', details: { issues: [twice] } }, { index: 4, code: 'CONFLICT', details: null }];
    const answer = await answerFor(new AppError('BULK_ROWS_INVALID', { errors: rows }));
    const details = (answer.body.error as { details?: { errors: { details: unknown }[] } }).details!;
    expect(details.errors[0].details).toEqual({ issues: [{ path: 'body.awards', code: 'custom', check: 'duplicate_member', message: 'Một đảng viên có tên hai lần trong danh sách' }] });
    expect(details.errors[1]).toEqual(rows[1]);
  });
});
