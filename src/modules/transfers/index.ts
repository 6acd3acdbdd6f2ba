/** Transfers' surface for the bulk loaders (the routes are declared in `area.ts`, and load what transfers give the registry). */
export { reserveTransferIdRange, insertTransfersFrom } from './bulk.ts';
export { issueTransfersInBulk, acceptTransfersInBulk } from './bulk-commands.ts';
