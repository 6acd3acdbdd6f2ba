/**
 * Hand-made .xlsx files for the hostile-input tests: a ZIP container written byte by byte, so that a test can declare
 * any size in the directory and store parts no spreadsheet program would write (a cell at column ZZZZZZZZ, a part
 * that inflates a thousand times).
 */
import zlib from 'node:zlib';

export interface ZipPart {
  name: string;
  /** Deflated bytes (raw deflate) or the stored text. */
  deflated?: Buffer;
  text?: string;
  /** The size written in the directory (a lie, when a test wants one). */
  declaredSize?: number;
  crc?: number;
}

/** A ZIP archive of the given parts (deflated when `deflated` is given, stored otherwise). */
export function zipOf(parts: readonly ZipPart[]): Buffer {
  const locals: Buffer[] = [];
  const centrals: Buffer[] = [];
  let offset = 0;
  for (const part of parts) {
    const name = Buffer.from(part.name, 'utf8');
    const stored = part.deflated === undefined;
    const body = stored ? Buffer.from(part.text ?? '', 'utf8') : part.deflated!;
    const size = part.declaredSize ?? (stored ? body.length : 0);
    const crc = part.crc ?? (stored ? zlib.crc32(body) : 0);
    const local = Buffer.alloc(30);
    local.writeUInt32LE(0x04034b50, 0);
    local.writeUInt16LE(20, 4);
    local.writeUInt16LE(stored ? 0 : 8, 8);
    local.writeUInt32LE(crc >>> 0, 14);
    local.writeUInt32LE(body.length, 18);
    local.writeUInt32LE(size, 22);
    local.writeUInt16LE(name.length, 26);
    const central = Buffer.alloc(46);
    central.writeUInt32LE(0x02014b50, 0);
    central.writeUInt16LE(20, 4);
    central.writeUInt16LE(20, 6);
    central.writeUInt16LE(stored ? 0 : 8, 10);
    central.writeUInt32LE(crc >>> 0, 16);
    central.writeUInt32LE(body.length, 20);
    central.writeUInt32LE(size, 24);
    central.writeUInt16LE(name.length, 28);
    central.writeUInt32LE(offset, 42);
    locals.push(local, name, body);
    centrals.push(central, name);
    offset += local.length + name.length + body.length;
  }
  const directory = Buffer.concat(centrals);
  const end = Buffer.alloc(22);
  end.writeUInt32LE(0x06054b50, 0);
  end.writeUInt16LE(parts.length, 8);
  end.writeUInt16LE(parts.length, 10);
  end.writeUInt32LE(directory.length, 12);
  end.writeUInt32LE(offset, 16);
  return Buffer.concat([...locals, directory, end]);
}

/**
 * Raw deflate of `head`, then `chunk` repeated `times`, then `tail`, without ever holding the inflated text: each
 * piece is deflated after a full flush, which resets the dictionary, so the repeated piece deflates to the same bytes.
 */
export function deflatedRepeat(head: string, chunk: Buffer, times: number, tail: string): Buffer {
  const flush = { finishFlush: zlib.constants.Z_FULL_FLUSH, level: 9 };
  const repeated = zlib.deflateRawSync(chunk, flush);
  return Buffer.concat([
    zlib.deflateRawSync(Buffer.from(head, 'utf8'), flush),
    ...Array.from({ length: times }, () => repeated),
    zlib.deflateRawSync(Buffer.from(tail, 'utf8')),
  ]);
}

const WORKBOOK = '<?xml version="1.0" encoding="UTF-8"?><workbook xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships"><sheets><sheet name="DS" sheetId="1" r:id="rId1"/></sheets></workbook>';
const RELS = '<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet" Target="worksheets/sheet1.xml"/></Relationships>';

/** A workbook of the given worksheet text, plus any extra parts. */
export function workbookOf(sheet: ZipPart | string, extra: readonly ZipPart[] = []): Buffer {
  const sheetPart = typeof sheet === 'string' ? { name: 'xl/worksheets/sheet1.xml', text: sheet } : sheet;
  return zipOf([{ name: 'xl/workbook.xml', text: WORKBOOK }, { name: 'xl/_rels/workbook.xml.rels', text: RELS }, sheetPart, ...extra]);
}

export const SHEET_HEAD = '<?xml version="1.0" encoding="UTF-8"?><worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheetData>';
export const SHEET_TAIL = '</sheetData></worksheet>';

export function inlineCell(reference: string, text: string): string {
  return `<c r="${reference}" t="inlineStr"><is><t>${text}</t></is></c>`;
}
