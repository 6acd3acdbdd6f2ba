/** Routes of party badges: who is due on a presentation day, awards, and the serious-illness flag. */
import { z } from 'zod';
import {
  badgeAwardRequestSchema, badgeAwardResponseSchema, badgeDueQuerySchema, badgeDueResponseSchema, memberBadgesResponseSchema,
  seriousIllnessEndRequestSchema, seriousIllnessRequestSchema, seriousIllnessSchema,
} from '../../contracts/member-import.ts';
import { callerOf, type RouteModule } from '../../http/context.ts';
import { actorOf, inTransaction } from '../../kernel/index.ts';
import { awardBadges, endSeriousIllness, flagSeriousIllness, listBadgesDue, memberBadges } from './badges.service.ts';

const memberParams = z.strictObject({ memberId: z.coerce.number().int().positive() });

export const badgeRoutes: RouteModule = (app, { db }) => {
  app.get('/badges/due', {
    config: { access: 'member.read' },
    schema: {
      tags: ['badges'], summary: 'Members due a party badge on a presentation day (3/2, 19/5, 2/9, 7/11), early awards for the seriously ill included',
      querystring: badgeDueQuerySchema, response: { 200: badgeDueResponseSchema },
    },
  }, async (request) => listBadgesDue(db, callerOf(request), request.query));

  app.post('/badges/awards', {
    config: { access: 'member.write' },
    schema: {
      tags: ['badges'], summary: 'Record badges presented on a presentation day under one decision (all or none)',
      body: badgeAwardRequestSchema, response: { 201: badgeAwardResponseSchema },
    },
  }, async (request, reply) => reply.status(201).send(await inTransaction(db, (tx) => awardBadges(tx, actorOf(request), request.body))));

  app.get('/badges/members/:memberId', {
    config: { access: 'member.read' },
    schema: { tags: ['badges'], summary: 'A member\u2019s badges, serious-illness record and party age', params: memberParams, response: { 200: memberBadgesResponseSchema } },
  }, async (request) => memberBadges(db, callerOf(request), request.params.memberId));

  app.post('/badges/members/:memberId/serious-illness', {
    config: { access: 'member.write' },
    schema: {
      tags: ['badges'], summary: 'Record that a member is seriously ill from a date (allows an early badge)',
      params: memberParams, body: seriousIllnessRequestSchema, response: { 201: seriousIllnessSchema },
    },
  }, async (request, reply) => reply.status(201).send(await inTransaction(db, (tx) => flagSeriousIllness(tx, actorOf(request), request.params.memberId, request.body))));

  app.post('/badges/members/:memberId/serious-illness/end', {
    config: { access: 'member.write' },
    schema: {
      tags: ['badges'], summary: 'End a member\u2019s serious-illness record on a date',
      params: memberParams, body: seriousIllnessEndRequestSchema, response: { 200: seriousIllnessSchema },
    },
  }, async (request) => inTransaction(db, (tx) => endSeriousIllness(tx, actorOf(request), request.params.memberId, request.body)));
};
