/** The error handler turns what the database refuses into declared codes, never a 500 with its text. */
import Fastify from 'fastify';
import { describe, expect, it } from 'vitest';
import { registerErrorHandling } from './errors.ts';

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
