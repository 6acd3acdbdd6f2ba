/** Decisions' surface for the bulk loaders. Citing a decision (`requireUsableDecision`) is the kernel's. */
export { foldDecisionNumber } from './decisions.service.ts';
export { reserveDecisionIds, reserveDecisionIdRange, insertDecisionsFrom } from './bulk.ts';
