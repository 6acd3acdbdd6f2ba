/** Account management and grants (roles on a subtree), including acting grants. Thin: schema, then a service. */
import { z } from 'zod';
import type { RouteModule } from '../../http/context.ts';
import { callerOf } from '../../http/context.ts';
import { actorOf, inTransaction } from '../../kernel/index.ts';
import {
  accountDetailSchema, accountListQuerySchema, accountListSchema, accountStateBodySchema, createAccountBodySchema, createdAccountSchema,
  createGrantBodySchema, delegateGrantBodySchema, grantListQuerySchema, grantListSchema, grantSchema, resetPasswordResultSchema,
  revokeGrantBodySchema, updateAccountBodySchema,
} from '../../contracts/accounts.ts';
import {
  createAccountFor, getAccountFor, listAccountsFor, resetAccountPassword, setAccountDisabled, updateAccountFor,
} from './accounts.service.ts';
import { createGrantFor, delegateGrant, endDelegation, listDelegationsOf, listGrantsFor, revokeGrantFor } from './grants.service.ts';

const idParams = z.object({ id: z.coerce.number().int().positive() });

export const accountsRoutes: RouteModule = (app, { db }) => {
  app.get('/accounts', {
    config: { access: 'account.read' },
    schema: {
      tags: ['accounts'],
      summary: 'Accounts holding a grant inside the caller\'s subtrees; search by username or name ignoring diacritics',
      querystring: accountListQuerySchema,
      response: { 200: accountListSchema },
    },
  }, async (request) => listAccountsFor(db, callerOf(request), request.query));

  app.post('/accounts', {
    config: { access: 'account.manage' },
    schema: {
      tags: ['accounts'],
      summary: 'Create an account with its first grant inside the caller\'s subtrees; returns a one-time password once',
      body: createAccountBodySchema,
      response: { 201: createdAccountSchema },
    },
  }, async (request, reply) => {
    const actor = actorOf(request);
    const result = await inTransaction(db, (tx) => createAccountFor(tx, actor, request.body));
    return reply.status(201).send(result);
  });

  app.get('/accounts/:id', {
    config: { access: 'account.read' },
    schema: { tags: ['accounts'], summary: 'One account with its grants inside the caller\'s subtrees', params: idParams, response: { 200: accountDetailSchema } },
  }, async (request) => getAccountFor(db, callerOf(request), request.params.id));

  app.patch('/accounts/:id', {
    config: { access: 'account.manage' },
    schema: {
      tags: ['accounts'], summary: 'Change an account\'s display name or language', params: idParams, body: updateAccountBodySchema,
      response: { 200: accountDetailSchema },
    },
  }, async (request) => inTransaction(db, (tx) => updateAccountFor(tx, actorOf(request), request.params.id, request.body)));

  app.post('/accounts/:id/disable', {
    config: { access: 'account.manage' },
    schema: {
      tags: ['accounts'], summary: 'Disable an account; its sessions end at once', params: idParams, body: accountStateBodySchema,
      response: { 200: accountDetailSchema },
    },
  }, async (request) => inTransaction(db, (tx) => setAccountDisabled(tx, actorOf(request), request.params.id, true, request.body)));

  app.post('/accounts/:id/enable', {
    config: { access: 'account.manage' },
    schema: {
      tags: ['accounts'], summary: 'Enable a disabled account (also lifts a lock-out)', params: idParams, body: accountStateBodySchema,
      response: { 200: accountDetailSchema },
    },
  }, async (request) => inTransaction(db, (tx) => setAccountDisabled(tx, actorOf(request), request.params.id, false, request.body)));

  app.post('/accounts/:id/reset-password', {
    config: { access: 'account.manage' },
    schema: {
      tags: ['accounts'], summary: 'Give an account a new one-time password (returned once); ends its sessions', params: idParams,
      body: accountStateBodySchema, response: { 200: resetPasswordResultSchema },
    },
  }, async (request) => inTransaction(db, (tx) => resetAccountPassword(tx, actorOf(request), request.params.id, request.body)));

  app.get('/grants', {
    config: { access: 'account.read' },
    schema: {
      tags: ['grants'], summary: 'Grants on units inside the caller\'s subtrees, by account or by a unit\'s subtree',
      querystring: grantListQuerySchema, response: { 200: grantListSchema },
    },
  }, async (request) => listGrantsFor(db, callerOf(request), request.query));

  app.post('/grants', {
    config: { access: 'account.manage' },
    schema: {
      tags: ['grants'], summary: 'Grant a role on a unit the caller manages to an account the caller can see',
      body: createGrantBodySchema, response: { 201: grantSchema },
    },
  }, async (request, reply) => reply.status(201).send(await inTransaction(db, (tx) => createGrantFor(tx, actorOf(request), request.body))));

  app.post('/grants/:id/revoke', {
    config: { access: 'account.manage' },
    schema: {
      tags: ['grants'], summary: 'Revoke a grant (kept, marked revoked); its acting grants end with it', params: idParams,
      body: revokeGrantBodySchema, response: { 200: grantSchema },
    },
  }, async (request) => inTransaction(db, (tx) => revokeGrantFor(tx, actorOf(request), request.params.id, request.body)));

  app.get('/grants/delegations', {
    config: { access: 'authenticated' },
    schema: {
      tags: ['grants'], summary: 'Acting grants the caller gave and received that have not ended',
      response: { 200: z.object({ given: z.array(grantSchema), received: z.array(grantSchema) }) },
    },
  }, async (request) => listDelegationsOf(db, callerOf(request)));

  app.post('/grants/:id/delegate', {
    config: { access: 'authenticated' },
    schema: {
      tags: ['grants'], summary: 'Delegate one of the caller\'s own grants with a duty (same or lesser role, same unit or below) to a colleague of that unit, for a bounded period',
      params: idParams, body: delegateGrantBodySchema, response: { 201: grantSchema },
    },
  }, async (request, reply) => reply.status(201).send(await inTransaction(db, (tx) => delegateGrant(tx, actorOf(request), request.params.id, request.body))));

  app.post('/grants/:id/end-delegation', {
    config: { access: 'authenticated' },
    schema: {
      tags: ['grants'], summary: 'End an acting grant the caller gave, before its end date', params: idParams,
      body: revokeGrantBodySchema, response: { 200: grantSchema },
    },
  }, async (request) => inTransaction(db, (tx) => endDelegation(tx, actorOf(request), request.params.id, request.body)));
};
