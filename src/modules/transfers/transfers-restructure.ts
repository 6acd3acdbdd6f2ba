/**
 * Transfers in progress follow restructuring: the member registry's restructure hook re-addresses those sent to an
 * ended unit, ends a temporary stay at a dissolved host, and undoes both with the batch. The registry does not import
 * transfers (they depend on it), so transfers provide these writes of their own table when loaded (with their routes).
 */
import { provideTransfersFollowingUnits } from '../members/index.ts';
import * as repo from './transfers.repository.ts';

provideTransfersFollowingUnits({
  issuedTo: repo.issuedTransfersTo,
  setDestination: repo.setTransferDestination,
  endAccepted: repo.endAcceptedTransfer,
  reopenEnded: repo.reopenEndedTransfer,
});
