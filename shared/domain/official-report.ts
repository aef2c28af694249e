// The year-end report as the official document the front committee files, laid out as Decree 30/2020/NĐ-CP
// sets for administrative documents: one model, rendered by the printable page and by the .docx writer alike.
import type { Campaign } from './model';
import type { Progress } from './progress';
import { type Language, reportNarrative } from './report';
import { type ReportColumn, type ReportMoney, type ReportViewId, reportTables } from './report-tables';

/** A table as printed: every cell already formatted for the language, numbers flagged for right alignment. */
export interface PrintedTable {
  id: ReportViewId;
  caption: string;
  header: { text: string; numeric: boolean }[];
  rows: { text: string; numeric: boolean }[][];
}

export interface OfficialReport {
  lang: Language;
  /** Top left (Decree 30, Appendix I, item 2): the superior body, then the issuing body, then the number. */
  superiorBody: string;
  issuingBody: string;
  /** "Số: …/BC-MTTQ": the number is left to fill, as the office registers it on issue. */
  number: string;
  /** Top right: the national title, the motto, then the place and date (day, month and year left to fill). */
  nationalTitle: string;
  motto: string;
  placeAndDate: string;
  /** The document kind, "BÁO CÁO", and its subject on the line below. */
  kind: string;
  subject: string;
  period: string;
  summaryHeading: string;
  /** The seed's sentences: one clause per category with deliveries ("Bàn giao 29 nhà đại đoàn kết (vượt 14 …)"). */
  summary: string;
  verification: string;
  /** "Tổng kinh phí 1.450 triệu đồng …", when any handover carries a value. */
  money?: string;
  byOrganizationHeading: string;
  pledgeLines: string[];
  tables: PrintedTable[];
  asOf: string;
  /** Bottom left. */
  recipientsHeading: string;
  recipients: string[];
  /** Bottom right: on whose behalf, the signer's position, a hint, and the name left blank. */
  signature: { authority: string; position: string; hint: string; nameBlank: string };
}

/**
 * The district's front committee and its superior body. The tracker serves one committee (DESIGN.md: Long
 * Biên, Hà Nội); a second would make these configuration (see docs/decisions/0021-official-report.md).
 */
const words = {
  vi: {
    superiorBody: 'ỦY BAN MTTQ VIỆT NAM THÀNH PHỐ HÀ NỘI',
    issuingBody: 'ỦY BAN MTTQ VIỆT NAM QUẬN LONG BIÊN',
    number: 'Số: …/BC-MTTQ',
    nationalTitle: 'CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM',
    motto: 'Độc lập - Tự do - Hạnh phúc',
    placeAndDate: 'Long Biên, ngày … tháng … năm …',
    kind: 'BÁO CÁO',
    subject: (c: Campaign) => `Kết quả thực hiện đợt vận động “${c.name}”`,
    recipientsHeading: 'Nơi nhận:',
    recipients: [
      'Ban Thường trực Ủy ban MTTQ Việt Nam thành phố Hà Nội;',
      'Thường trực Quận ủy, HĐND, UBND quận;',
      'Các đơn vị đăng ký;',
      'Lưu: VT.',
    ],
    signature: {
      authority: 'TM. BAN THƯỜNG TRỰC',
      position: 'CHỦ TỊCH',
      hint: '(Ký, ghi rõ họ tên, đóng dấu)',
      nameBlank: '……………………………',
    },
    captions: {
      categories: 'Bảng 1. Kết quả theo hạng mục',
      organizations: 'Bảng 2. Kết quả theo đơn vị đăng ký',
      wards: 'Bảng 3. Số công trình bàn giao theo phường',
      'money-categories': 'Bảng 4. Kinh phí theo hạng mục',
      'money-organizations':
        'Bảng 5. Kinh phí theo đơn vị thực hiện (công trình phối hợp tính cho đơn vị ghi nhận)',
      'cash-sources': 'Bảng 6. Tiền mặt theo nguồn',
    },
    locale: 'vi-VN',
  },
  en: {
    superiorBody: 'VIETNAM FATHERLAND FRONT COMMITTEE OF HA NOI CITY',
    issuingBody: 'VIETNAM FATHERLAND FRONT COMMITTEE OF LONG BIEN DISTRICT',
    number: 'No.: …/BC-MTTQ',
    nationalTitle: 'SOCIALIST REPUBLIC OF VIETNAM',
    motto: 'Independence - Freedom - Happiness',
    placeAndDate: 'Long Biên, day … month … year …',
    kind: 'REPORT',
    subject: (c: Campaign) => `Results of the campaign “${c.name}”`,
    recipientsHeading: 'Recipients:',
    recipients: [
      'Standing Board of the Vietnam Fatherland Front Committee of Ha Noi;',
      'Standing members of the District Party Committee, People’s Council and People’s Committee;',
      'Pledging organizations;',
      'Archive.',
    ],
    signature: {
      authority: 'ON BEHALF OF THE STANDING BOARD',
      position: 'CHAIR',
      hint: '(Signature, full name, seal)',
      nameBlank: '……………………………',
    },
    captions: {
      categories: 'Table 1. Results by category',
      organizations: 'Table 2. Results by pledging organization',
      wards: 'Table 3. Handovers by ward',
      'money-categories': 'Table 4. Funding by category',
      'money-organizations':
        'Table 5. Funding by organization (a co-funded house counts for the organization that recorded it)',
      'cash-sources': 'Table 6. Cash by source',
    },
    locale: 'en-GB',
  },
} as const;

/** Under its own heading the summary is a sentence of its own: "Bàn giao 29 nhà…", not "bàn giao 29 nhà…". */
export function sentenceCase(text: string): string {
  return text.charAt(0).toLocaleUpperCase('vi') + text.slice(1);
}

export function officialReport(
  campaign: Campaign,
  progress: Progress,
  lang: Language,
  money?: ReportMoney,
): OfficialReport {
  const w = words[lang];
  const n = reportNarrative(campaign, progress, lang, money);
  const tables = reportTables(campaign, progress, lang, money).map(
    (table): PrintedTable => ({
      id: table.id,
      caption: w.captions[table.id],
      header: table.columns.map((c) => ({ text: c.header, numeric: c.kind !== 'text' })),
      rows: table.rows.map((row) =>
        row.map((cell, i) => {
          const column = table.columns[i] as ReportColumn;
          return { text: formatCell(cell, column, lang), numeric: column.kind !== 'text' };
        }),
      ),
    }),
  );
  return {
    lang,
    superiorBody: w.superiorBody,
    issuingBody: w.issuingBody,
    number: w.number,
    nationalTitle: w.nationalTitle,
    motto: w.motto,
    placeAndDate: w.placeAndDate,
    kind: w.kind,
    subject: w.subject(campaign),
    period: n.period,
    summaryHeading: n.summaryHeading,
    summary: sentenceCase(n.summary),
    verification: n.verification,
    ...(n.money ? { money: n.money } : {}),
    byOrganizationHeading: n.byOrganizationHeading,
    pledgeLines: n.pledgeLines,
    tables,
    asOf: n.asOf,
    recipientsHeading: w.recipientsHeading,
    recipients: [...w.recipients],
    signature: { ...w.signature },
  };
}

function formatCell(cell: string | number | null, column: ReportColumn, lang: Language): string {
  if (cell === null) return '';
  if (typeof cell === 'string') return cell;
  // Percentages always with one decimal; labour days in tenths, only when there is one (12,5 but 12).
  const digits = column.kind === 'percent' ? 1 : 0;
  return cell.toLocaleString(words[lang].locale, {
    minimumFractionDigits: digits,
    maximumFractionDigits: column.kind === 'days' ? 1 : digits,
  });
}
