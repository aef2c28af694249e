// Importing a handover register (#13): the template's columns, each row read into a RecordHandover body or
// its problems by column, in Vietnamese or English. Pure: the file is read by a SheetReader first.
import { type Category, categories, categoryCodes } from './categories';
import { householdKey } from './household';
import type { Campaign, Organization } from './model';
import type { Language } from './report';
import type { SheetCell, SheetFileProblem, SheetRow } from './sheet';

export const importColumns = [
  { key: 'stt', header: 'STT' },
  { key: 'name', header: 'Họ tên chủ hộ' },
  { key: 'address', header: 'Địa chỉ' },
  { key: 'ward', header: 'Phường/Xã' },
  { key: 'category', header: 'Hạng mục' },
  { key: 'organization', header: 'Đơn vị thực hiện' },
  { key: 'date', header: 'Ngày bàn giao' },
  { key: 'value', header: 'Kinh phí (đồng)' },
  { key: 'coFunders', header: 'Đơn vị phối hợp' },
  { key: 'note', header: 'Ghi chú' },
] as const;

export type ImportColumn = (typeof importColumns)[number]['key'];

const required: readonly ImportColumn[] = ['name', 'ward', 'category', 'organization', 'date'];

/** Data rows a file may hold: 5,000 (#13), with room for the preview's answer under Lambda's 6 MB. */
export const maxImportRows = 5000;
/** Bytes an uploaded file may have: its base64 form must fit Lambda's 6 MB request payload (decision 0014). */
export const maxImportBytes = 4 * 1024 * 1024;

/** The longest text each column takes (the API's own limits); a longer cell is refused, not cut. */
const maxLength: Record<ImportColumn, number> = {
  stt: 20,
  name: 200,
  address: 500,
  ward: 100,
  category: 200,
  organization: 200,
  date: 40,
  value: 40,
  coFunders: 2000,
  note: 1000,
};

/** The body POST /v1/campaigns/{campaignId}/handovers accepts, as a row gives it. */
export interface ImportedHandover {
  organizationId: string;
  category: Category;
  ward: string;
  handedOverOn: string;
  beneficiary: { name: string; address?: string };
  valueVnd?: number;
  note?: string;
  coFunders?: string[];
}

export type ImportProblemCode =
  | 'required'
  | 'too_long'
  | 'formula'
  | 'not_text'
  | 'unknown_ward'
  | 'unknown_organization'
  | 'unknown_category'
  | 'bad_date'
  | 'date_outside_campaign'
  | 'date_in_future'
  | 'bad_amount'
  | 'invalid'
  | 'duplicate_in_file'
  | 'possible_duplicate';

export interface ImportProblem {
  /** The Vietnamese header of the column. */
  column: string;
  code: ImportProblemCode;
  message: string;
}

export interface ImportRowResult {
  row: number;
  idempotencyKey: string;
  handover: ImportedHandover | null;
  problems: ImportProblem[];
  duplicateOfRow?: number;
  likelyDuplicateOf?: string;
  /** The household's key, for the likely-duplicate lookup; absent when the row has no valid household. */
  household?: string;
}

export interface ImportContext {
  campaign: Campaign;
  organizations: readonly Organization[];
  /** Today in Vietnam, YYYY-MM-DD. */
  today: string;
  lang: Language;
}

/** The same file gives the same keys, row by row: a second upload of it records nothing new. */
export function importIdempotencyKey(fileSha256: string, row: number): string {
  return `import-${fileSha256.slice(0, 48)}-${row}`;
}

const headerOf = (key: ImportColumn) => importColumns.find((c) => c.key === key)?.header ?? key;

/** Case, spacing, quotes and Unicode form do not matter when a cell names something. */
export function looseText(text: string): string {
  return text
    .normalize('NFC')
    .toLowerCase()
    .replace(/[“”"'‘’]/gu, '')
    .replace(/\s+/gu, ' ')
    .trim();
}

/** Where each column is in the header row; the required ones that are missing, by their headers. */
export function locateColumns(header: readonly SheetCell[]): {
  at: Partial<Record<ImportColumn, number>>;
  missing: string[];
} {
  const at: Partial<Record<ImportColumn, number>> = {};
  header.forEach((cell, index) => {
    if (cell.kind !== 'text') return;
    const column = importColumns.find((c) => looseText(c.header) === looseText(cell.text));
    if (column && at[column.key] === undefined) at[column.key] = index;
  });
  return { at, missing: required.filter((key) => at[key] === undefined).map(headerOf) };
}

/** Reads every row; then marks the later rows of a household met earlier in the file. */
export function readImportRows(
  context: ImportContext,
  rows: readonly SheetRow[],
  at: Partial<Record<ImportColumn, number>>,
  fileSha256: string,
): ImportRowResult[] {
  const results = rows.map((row) => readImportRow(context, row, at, fileSha256));
  const firstRowOf = new Map<string, number>();
  for (const result of results) {
    if (!result.household) continue;
    const first = firstRowOf.get(result.household);
    if (first === undefined) {
      firstRowOf.set(result.household, result.row);
      continue;
    }
    result.duplicateOfRow = first;
    result.problems.push(problem(context.lang, 'name', 'duplicate_in_file', { row: first }));
  }
  return results;
}

function readImportRow(
  context: ImportContext,
  sheetRow: SheetRow,
  at: Partial<Record<ImportColumn, number>>,
  fileSha256: string,
): ImportRowResult {
  const { lang, campaign } = context;
  const problems: ImportProblem[] = [];
  const add = (column: ImportColumn, code: ImportProblemCode, values: Record<string, string | number> = {}) =>
    problems.push(problem(lang, column, code, values));
  const cellOf = (column: ImportColumn): SheetCell => {
    const index = at[column];
    return index === undefined ? { kind: 'empty' } : (sheetRow.cells[index] ?? { kind: 'empty' });
  };
  /** The cell's text, or undefined with a problem where the cell is not usable text. */
  const textOf = (column: ImportColumn): string | undefined => {
    const cell = cellOf(column);
    if (cell.kind === 'empty') {
      if (required.includes(column)) add(column, 'required');
      return undefined;
    }
    if (cell.kind === 'formula') return void add(column, 'formula');
    const text = cell.kind === 'text' ? cell.text : cell.kind === 'number' ? String(cell.value) : undefined;
    if (text === undefined) return void add(column, 'not_text');
    const trimmed = text.normalize('NFC').trim();
    if (trimmed.length > maxLength[column]) return void add(column, 'too_long', { max: maxLength[column] });
    if (trimmed === '' && required.includes(column)) return void add(column, 'required');
    return trimmed === '' ? undefined : trimmed;
  };

  const name = textOf('name');
  const address = textOf('address');
  const note = textOf('note');

  const wardText = textOf('ward');
  const ward = wardText === undefined ? undefined : campaignWard(campaign, wardText);
  if (wardText !== undefined && ward === undefined) add('ward', 'unknown_ward', { value: wardText });

  const categoryText = textOf('category');
  const category = categoryText === undefined ? undefined : categoryNamed(categoryText);
  if (categoryText !== undefined && category === undefined)
    add('category', 'unknown_category', { value: categoryText });

  const organizationText = textOf('organization');
  const organization =
    organizationText === undefined ? undefined : organizationNamed(context.organizations, organizationText);
  if (organizationText !== undefined && organization === undefined) {
    add('organization', 'unknown_organization', { value: organizationText });
  }

  const handedOverOn = dateOf(cellOf('date'), (code) => add('date', code));
  if (handedOverOn !== undefined) {
    if (handedOverOn < campaign.startsOn || handedOverOn > campaign.endsOn) {
      add('date', 'date_outside_campaign', { from: campaign.startsOn, to: campaign.endsOn });
    } else if (handedOverOn > context.today) add('date', 'date_in_future');
  }

  const valueVnd = amountOf(cellOf('value'), (code) => add('value', code));

  const coFunderText = textOf('coFunders');
  const coFunders: string[] = [];
  for (const part of coFunderText?.split(/[;\n]/u) ?? []) {
    if (part.trim() === '') continue;
    const found = organizationNamed(context.organizations, part);
    if (found === undefined) add('coFunders', 'unknown_organization', { value: part.trim() });
    else if (found.id !== organization?.id && !coFunders.includes(found.id)) coFunders.push(found.id);
  }

  const idempotencyKey = importIdempotencyKey(fileSha256, sheetRow.row);
  const household =
    name !== undefined && ward !== undefined && category !== undefined
      ? householdKey({ name, ward, category })
      : undefined;
  if (problems.length > 0 || !name || !ward || !category || !organization || !handedOverOn) {
    return {
      row: sheetRow.row,
      idempotencyKey,
      handover: null,
      problems,
      ...(household ? { household } : {}),
    };
  }
  const handover: ImportedHandover = {
    organizationId: organization.id,
    category,
    ward,
    handedOverOn,
    beneficiary: { name, ...(address ? { address } : {}) },
    ...(valueVnd !== undefined ? { valueVnd } : {}),
    ...(note ? { note } : {}),
    ...(coFunders.length > 0 ? { coFunders } : {}),
  };
  return {
    row: sheetRow.row,
    idempotencyKey,
    handover: problems.length > 0 ? null : handover,
    problems,
    ...(household ? { household } : {}),
  };
}

/** A ward as the campaign spells it; `Phường …`, `Xã …` and `Thị trấn …` name the same ward. */
function campaignWard(campaign: Campaign, text: string): string | undefined {
  const wanted = looseText(text).replace(/^(phường|xã|thị trấn)\s+/u, '');
  return campaign.wards.find((w) => looseText(w).replace(/^(phường|xã|thị trấn)\s+/u, '') === wanted);
}

/** A category by its id, its Vietnamese or English label, or its noun as the report writes it. */
export function categoryNamed(text: string): Category | undefined {
  const wanted = looseText(text);
  return categoryCodes.find((code) => {
    const info = categories[code];
    return [
      code,
      info.label.vi,
      info.label.en,
      info.reportNoun.vi,
      info.reportNoun.en,
      info.reportNoun.enSingular,
    ]
      .map(looseText)
      .includes(wanted);
  });
}

function organizationNamed(organizations: readonly Organization[], text: string): Organization | undefined {
  const wanted = looseText(text);
  return organizations.find((o) => o.id === text.trim() || looseText(o.name) === wanted);
}

/** Excel's serial days of 2000-01-01 and 2100-12-31: a plain number in that range is a date cell without format. */
const serialRange = { first: 36526, last: 73415 } as const;

function dateOf(cell: SheetCell, fail: (code: ImportProblemCode) => void): string | undefined {
  switch (cell.kind) {
    case 'empty':
      return void fail('required');
    case 'formula':
      return void fail('formula');
    case 'date':
      return cell.date;
    case 'number': {
      if (
        !Number.isInteger(Math.floor(cell.value)) ||
        cell.value < serialRange.first ||
        cell.value > serialRange.last
      ) {
        return void fail('bad_date');
      }
      // Serial 25569 is 1970-01-01; Excel's serials count from 1899-12-30 past 1900-03-01.
      return new Date((Math.floor(cell.value) - 25569) * 86_400_000).toISOString().slice(0, 10);
    }
    case 'text': {
      const text = cell.text.trim();
      const vietnamese = /^(\d{1,2})[/.-](\d{1,2})[/.-](\d{4})$/u.exec(text);
      const iso = /^(\d{4})-(\d{2})-(\d{2})$/u.exec(text);
      const [day, month, year] = vietnamese
        ? [vietnamese[1], vietnamese[2], vietnamese[3]]
        : iso
          ? [iso[3], iso[2], iso[1]]
          : [];
      if (!day || !month || !year) return void fail('bad_date');
      const date = `${year}-${month.padStart(2, '0')}-${day.padStart(2, '0')}`;
      const parsed = new Date(`${date}T00:00:00Z`);
      if (Number.isNaN(parsed.getTime()) || parsed.toISOString().slice(0, 10) !== date)
        return void fail('bad_date');
      if (date < '2000-01-01' || date > '2100-12-31') return void fail('bad_date');
      return date;
    }
    default:
      return void fail('bad_date');
  }
}

/** Whole đồng: a number cell, or text grouped by dots, commas or spaces as Vietnamese and English write it. */
function amountOf(cell: SheetCell, fail: (code: ImportProblemCode) => void): number | undefined {
  let value: number | undefined;
  if (cell.kind === 'empty') return undefined;
  if (cell.kind === 'formula') return void fail('formula');
  if (cell.kind === 'number') value = cell.value;
  else if (cell.kind === 'text') {
    const text = cell.text.trim().replace(/\s*(đồng|đ|vnd)$/iu, '');
    if (/^\d{1,3}([., \u00a0]\d{3})+$|^\d+$/u.test(text)) value = Number(text.replace(/[., \u00a0]/gu, ''));
  }
  if (value === undefined || !Number.isSafeInteger(value) || value < 0 || value > 1_000_000_000_000) {
    return void fail('bad_amount');
  }
  return value;
}

type Messages = Record<ImportProblemCode, (v: Record<string, string | number>) => string>;

const messages: Record<Language, Messages> = {
  vi: {
    required: () => 'Chưa điền: cột này bắt buộc',
    too_long: (v) => `Quá dài: tối đa ${v.max} ký tự`,
    formula: () => 'Ô chứa công thức: hãy dán giá trị (Paste Values) thay cho công thức',
    not_text: () => 'Giá trị không đọc được: hãy nhập chữ hoặc số',
    unknown_ward: (v) => `"${v.value}" không phải phường/xã của đợt thi đua`,
    unknown_organization: (v) =>
      `Không có đơn vị "${v.value}": ghi đúng tên hoặc mã đơn vị (xem trang Hướng dẫn)`,
    unknown_category: (v) => `Không có hạng mục "${v.value}": ghi tên hoặc mã hạng mục (xem trang Hướng dẫn)`,
    bad_date: () => 'Ngày không hợp lệ: ghi ngày dạng dd/mm/yyyy hoặc dùng ô kiểu ngày',
    date_outside_campaign: (v) => `Ngày nằm ngoài đợt thi đua (${v.from} đến ${v.to})`,
    date_in_future: () => 'Ngày bàn giao chưa tới',
    bad_amount: () => 'Kinh phí phải là số đồng nguyên, không âm (ví dụ 50.000.000)',
    invalid: (v) => `Giá trị không hợp lệ (${v.detail})`,
    duplicate_in_file: (v) => `Trùng với dòng ${v.row}: cùng họ tên, phường/xã và hạng mục`,
    possible_duplicate: (v) => `Có thể trùng với bàn giao đã ghi ${v.id}: cùng họ tên, phường/xã và hạng mục`,
  },
  en: {
    required: () => 'Missing: this column is required',
    too_long: (v) => `Too long: at most ${v.max} characters`,
    formula: () => 'The cell holds a formula: paste its value instead',
    not_text: () => 'Unreadable value: enter text or a number',
    unknown_ward: (v) => `"${v.value}" is not a ward of the campaign`,
    unknown_organization: (v) => `No organization "${v.value}": use its name or id (see the help sheet)`,
    unknown_category: (v) => `No category "${v.value}": use its name or id (see the help sheet)`,
    bad_date: () => 'Not a date: write dd/mm/yyyy or use a date cell',
    date_outside_campaign: (v) => `The date is outside the campaign (${v.from} to ${v.to})`,
    date_in_future: () => 'The handover date is in the future',
    bad_amount: () => 'The value must be a whole, non-negative number of đồng (e.g. 50,000,000)',
    invalid: (v) => `Invalid value (${v.detail})`,
    duplicate_in_file: (v) => `Same household as row ${v.row}: same name, ward and category`,
    possible_duplicate: (v) =>
      `Possibly the same household as recorded handover ${v.id}: same name, ward and category`,
  },
};

export function problem(
  lang: Language,
  column: ImportColumn,
  code: ImportProblemCode,
  values: Record<string, string | number> = {},
): ImportProblem {
  return { column: headerOf(column), code, message: messages[lang][code](values) };
}

/** The column a RecordHandover body's field comes from, for the API's own validation messages. */
export function columnOfField(path: string): ImportColumn {
  if (path.startsWith('beneficiary.address')) return 'address';
  if (path.startsWith('beneficiary')) return 'name';
  if (path.startsWith('coFunders')) return 'coFunders';
  const byField: Record<string, ImportColumn> = {
    organizationId: 'organization',
    category: 'category',
    ward: 'ward',
    handedOverOn: 'date',
    valueVnd: 'value',
    note: 'note',
  };
  return byField[path.split('.')[0] ?? ''] ?? 'note';
}

/** What a file-level refusal says, in each language. */
export const fileProblemMessages: Record<
  Language,
  Record<SheetFileProblem | 'too_large' | 'missing_columns', string>
> = {
  vi: {
    not_a_spreadsheet:
      'Tệp này không phải bảng tính .xlsx hay .csv. Hãy tải mẫu và lưu dưới dạng Excel (.xlsx).',
    macro_workbook:
      'Tệp có macro (.xlsm) không được nhận vì lý do an toàn. Hãy lưu lại dưới dạng "Excel Workbook (.xlsx)".',
    legacy_workbook:
      'Tệp Excel 97–2003 (.xls) không được nhận. Hãy lưu lại dưới dạng "Excel Workbook (.xlsx)".',
    not_utf8:
      'Tệp CSV không ở mã UTF-8 (có thể là Windows-1258, TCVN3 hay VNI): tiếng Việt sẽ bị sai. ' +
      'Hãy lưu lại bằng "CSV UTF-8 (Comma delimited)" hoặc dùng tệp .xlsx.',
    empty: 'Tệp không có dữ liệu.',
    too_many_rows: `Tệp có quá ${maxImportRows.toLocaleString('vi-VN')} dòng dữ liệu. Hãy chia thành nhiều tệp nhỏ hơn.`,
    too_large: `Tệp quá lớn: tối đa ${maxImportBytes / 1024 / 1024} MB. Hãy chia thành nhiều tệp nhỏ hơn.`,
    missing_columns: 'Thiếu cột bắt buộc ở dòng tiêu đề: ',
  },
  en: {
    not_a_spreadsheet:
      'This file is not an .xlsx or .csv spreadsheet. Download the template and save as Excel (.xlsx).',
    macro_workbook:
      'Macro-enabled workbooks (.xlsm) are refused for safety. Save it as "Excel Workbook (.xlsx)".',
    legacy_workbook: 'Excel 97–2003 files (.xls) are not accepted. Save it as "Excel Workbook (.xlsx)".',
    not_utf8:
      'The CSV file is not UTF-8 (perhaps Windows-1258, TCVN3 or VNI): Vietnamese would be garbled. ' +
      'Save it as "CSV UTF-8 (Comma delimited)" or use an .xlsx file.',
    empty: 'The file holds no data.',
    too_many_rows: `The file has more than ${maxImportRows.toLocaleString('en-US')} data rows. Split it into smaller files.`,
    too_large: `The file is too large: at most ${maxImportBytes / 1024 / 1024} MB. Split it into smaller files.`,
    missing_columns: 'Required columns missing from the header row: ',
  },
};
