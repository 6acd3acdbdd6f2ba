/** English texts of the decisions: exactly the keys of `texts.vi.ts`. */
import type { vi } from './texts.vi.ts';

export const en: Record<keyof typeof vi, string> = {
  'menu.decisions': 'Decisions',

  'decisions.title': 'Decisions',
  'decisions.subtitle': 'The legal basis of every change.',
  'decisions.new': 'New decision',
  'decisions.createTitle': 'Record a decision',
  'decisions.pick': 'Choose a decision (number, subject, issuing body)',
  'decisions.number': 'Number',
  'decisions.signedOn': 'Signed on',
  'decisions.issuingBody': 'Issuing body',
  'decisions.issuingBodyExample': 'e.g. Provincial Party Standing Committee',
  'decisions.issuingUnit': 'Issuing party unit',
  'decisions.issuingUnitFilter': 'Filter by issuing unit',
  'decisions.signer': 'Signed by',
  'decisions.subject': 'Subject',
  'decisions.attachment': 'Attachment',
  'decisions.attachPdf': 'Attach PDF',
  'decisions.replacePdf': 'Replace PDF',
  'decisions.download': 'Download',
  'decisions.attached': 'The file was attached.',
  'decisions.tooLarge': 'The file is too large (20 MB at most).',
  'decisions.noAttachment': 'No file yet',
  'decisions.recordedAt': 'Recorded at',
  'decisions.searchPlaceholder': 'Search by number, subject, issuing body',
};
