/**
 * Files kept in the database in parts (the import's uploaded files, migration 0053; attachments, 0055): each part is
 * written by a statement of its own and the parts are read back in order through one binary COPY (copy-out.ts). A file
 * stored as one value is one bind message, built in one turn of the event loop: 0.36–0.44 s for a 56 MB file, in which
 * no other request was answered (member-import/NOTES.md, "Bounds on an uploaded file").
 */

/** The largest part: what one statement sends, and what one turn of the event loop copies to send it. */
export const FILE_PART_BYTES = 1024 * 1024;

/** The file cut into parts of `FILE_PART_BYTES`, in order: views of its memory, not copies. Empty for an empty file. */
export function fileParts(data: Buffer): Buffer[] {
  const parts: Buffer[] = [];
  for (let start = 0; start < data.length; start += FILE_PART_BYTES) parts.push(data.subarray(start, start + FILE_PART_BYTES));
  return parts;
}
