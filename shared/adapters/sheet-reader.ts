// Adapter: an uploaded register (.xlsx with exceljs, streamed; .csv in UTF-8) as rows of typed cells.
import { Readable } from 'node:stream';
import type { SheetCell, SheetFormat, SheetReader, SheetReadResult, SheetRow } from '../domain/sheet';

const zipSignature = [0x50, 0x4b, 0x03, 0x04];
/** The OLE2 compound file of .xls (Excel 97–2003), and of encrypted workbooks. */
const oleSignature = [0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1];

const startsWith = (bytes: Uint8Array, signature: number[]) => signature.every((b, i) => bytes[i] === b);

export class StreamingSheetReader implements SheetReader {
  async read(bytes: Uint8Array, format: SheetFormat, limits: { maxRows: number }): Promise<SheetReadResult> {
    if (bytes.byteLength === 0) return { ok: false, problem: 'empty' };
    if (startsWith(bytes, oleSignature)) return { ok: false, problem: 'legacy_workbook' };
    if (startsWith(bytes, zipSignature)) {
      if (format !== 'xlsx') return { ok: false, problem: 'not_a_spreadsheet' };
      if (holdsMacros(bytes)) return { ok: false, problem: 'macro_workbook' };
      return readWorkbook(bytes, limits.maxRows);
    }
    if (format === 'xlsx') return { ok: false, problem: 'not_a_spreadsheet' };
    return readCsv(bytes, limits.maxRows);
  }
}

/**
 * A macro-enabled workbook (.xlsm, .xltm) carries its code in `xl/vbaProject.bin` and says so in its content
 * types (`macroEnabled`). Zip entry names are stored uncompressed in the local headers and the central
 * directory, so the name is found in the bytes without unzipping.
 */
function holdsMacros(bytes: Uint8Array): boolean {
  const latin1 = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).toString('latin1');
  return /vbaProject\.bin|macroEnabled/i.test(latin1);
}

async function readWorkbook(bytes: Uint8Array, maxRows: number): Promise<SheetReadResult> {
  const { default: ExcelJS } = await import('exceljs');
  const reader = new ExcelJS.stream.xlsx.WorkbookReader(Readable.from([Buffer.from(bytes)]), {
    sharedStrings: 'cache',
    styles: 'cache',
    hyperlinks: 'ignore',
    worksheets: 'emit',
    entries: 'ignore',
  });
  let header: SheetCell[] | undefined;
  let sheets = 0;
  const rows: SheetRow[] = [];
  try {
    for await (const worksheet of reader) {
      sheets++;
      for await (const row of worksheet as AsyncIterable<{ number: number; values: unknown }>) {
        const values = Array.isArray(row.values) ? (row.values as unknown[]).slice(1) : [];
        const cells = Array.from(values, workbookCell);
        if (cells.every((c) => c.kind === 'empty')) continue;
        // The first row with anything in it (row 1 in the template).
        if (!header) {
          header = cells;
          continue;
        }
        if (rows.length >= maxRows) return { ok: false, problem: 'too_many_rows' };
        rows.push({ row: row.number, cells });
      }
      // The first sheet only: the template's second sheet is help.
      break;
    }
  } catch {
    // A zip that is not a workbook (a .docx, a damaged file) fails somewhere in the reading.
    return { ok: false, problem: 'not_a_spreadsheet' };
  }
  // A zip without a worksheet (a .docx, an .odt renamed) is no workbook.
  if (sheets === 0) return { ok: false, problem: 'not_a_spreadsheet' };
  if (!header) return { ok: false, problem: 'empty' };
  return { ok: true, header, rows };
}

function workbookCell(value: unknown): SheetCell {
  if (value === null || value === undefined) return { kind: 'empty' };
  if (typeof value === 'string')
    return value.trim() === '' ? { kind: 'empty' } : { kind: 'text', text: value };
  if (typeof value === 'number') return { kind: 'number', value };
  if (value instanceof Date) {
    return Number.isNaN(value.getTime())
      ? { kind: 'other' }
      : { kind: 'date', date: value.toISOString().slice(0, 10) };
  }
  if (typeof value === 'object') {
    const v = value as Record<string, unknown>;
    if ('formula' in v || 'sharedFormula' in v) return { kind: 'formula' };
    if (Array.isArray(v.richText)) {
      return workbookCell((v.richText as { text?: unknown }[]).map((r) => String(r.text ?? '')).join(''));
    }
    if (typeof v.text === 'string') return workbookCell(v.text);
  }
  return { kind: 'other' };
}

/** Fatal: a file that is not UTF-8 is refused, never read with replacement characters. */
const utf8 = new TextDecoder('utf-8', { fatal: true });

function readCsv(bytes: Uint8Array, maxRows: number): SheetReadResult {
  let text: string;
  try {
    text = utf8.decode(bytes);
  } catch {
    return { ok: false, problem: 'not_utf8' };
  }
  // API Gateway hands a text/csv body over as text, with U+FFFD where the bytes were not UTF-8.
  if (text.includes('\uFFFD')) return { ok: false, problem: 'not_utf8' };
  // A NUL never appears in a CSV: this is a binary file sent as text/csv.
  if (text.includes('\u0000')) return { ok: false, problem: 'not_a_spreadsheet' };
  let header: SheetCell[] | undefined;
  const rows: SheetRow[] = [];
  // Record by record: past the limit nothing more is parsed.
  for (const record of csvRecords(text, delimiterOf(text))) {
    if (record.fields.every((f) => f.trim() === '')) continue;
    if (!header) {
      header = record.fields.map(csvCell);
      continue;
    }
    if (rows.length >= maxRows) return { ok: false, problem: 'too_many_rows' };
    rows.push({ row: record.line, cells: record.fields.map(csvCell) });
  }
  if (!header) return { ok: false, problem: 'empty' };
  return { ok: true, header, rows };
}

const csvCell = (field: string): SheetCell =>
  field.trim() === '' ? { kind: 'empty' } : { kind: 'text', text: field };

/** Excel writes `;` where the list separator is `;` (Vietnamese Windows among others), `,` elsewhere. */
function delimiterOf(text: string): string {
  const firstLine = text.slice(0, text.search(/\r?\n|$/));
  const count = (c: string) => firstLine.split(c).length - 1;
  return [';', '\t'].find((c) => count(c) > count(',')) ?? ',';
}

/**
 * RFC 4180 records, quoted fields with doubled quotes and line breaks, one at a time. `line` is the record's row
 * number as a spreadsheet shows it (records, not text lines).
 */
function* csvRecords(text: string, delimiter: string): Generator<{ line: number; fields: string[] }> {
  let line = 0;
  let fields: string[] = [];
  let field = '';
  let quoted = false;
  let i = text.charCodeAt(0) === 0xfeff ? 1 : 0;
  const endRecord = () => {
    fields.push(field);
    const record = { line: ++line, fields };
    fields = [];
    field = '';
    return record;
  };
  for (; i < text.length; i++) {
    const c = text[i];
    if (quoted) {
      if (c === '"') {
        if (text[i + 1] === '"') {
          field += '"';
          i++;
        } else quoted = false;
      } else field += c;
    } else if (c === '"' && field === '') quoted = true;
    else if (c === delimiter) {
      fields.push(field);
      field = '';
    } else if (c === '\n' || c === '\r') {
      if (c === '\r' && text[i + 1] === '\n') i++;
      yield endRecord();
    } else field += c;
  }
  if (field !== '' || fields.length > 0) yield endRecord();
}
