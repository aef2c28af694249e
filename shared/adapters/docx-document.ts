// Adapter: the official year-end report (Decree 30/2020/NĐ-CP layout) as a .docx file, with the docx package.
import type { OfficialReport, PrintedTable } from '../domain/official-report';
import type { OfficialDocumentWriter } from '../ports';

export const docxContentType = 'application/vnd.openxmlformats-officedocument.wordprocessingml.document';

/** Decree 30, Appendix I: A4, margins top and bottom 20 mm, left 30 mm, right 15 mm; Times New Roman 13 pt. */
const mm = (millimeters: number) => Math.round((millimeters * 1440) / 25.4);
const page = { width: mm(210), height: mm(297) };
const margin = { top: mm(20), bottom: mm(20), left: mm(30), right: mm(15) };
const textWidth = page.width - margin.left - margin.right;
/** Sizes are in half-points. */
const size = { body: 26, heading: 24, title: 28, table: 22, small: 22 };

export class DocxOfficialDocumentWriter implements OfficialDocumentWriter {
  async write(report: OfficialReport): Promise<Uint8Array> {
    // Loaded on the first .docx only: the other forms of the report need none of it.
    const docx = await import('docx');
    const { AlignmentType, BorderStyle, Document, Packer, Paragraph, Table, TableCell, TableRow, TextRun } =
      docx;
    const { WidthType } = docx;

    const none = { style: BorderStyle.NONE, size: 0, color: 'FFFFFF' };
    const noBorders = {
      top: none,
      bottom: none,
      left: none,
      right: none,
      insideHorizontal: none,
      insideVertical: none,
    };
    const line = { style: BorderStyle.SINGLE, size: 4, color: '444444' };
    const lines = { top: line, bottom: line, left: line, right: line };

    type Run = { text: string; bold?: boolean; italics?: boolean; size?: number; allCaps?: boolean };
    const para = (
      runs: Run | Run[],
      options: { align?: 'center' | 'left' | 'right' | 'both'; before?: number; after?: number } = {},
    ) =>
      new Paragraph({
        alignment:
          options.align === 'center'
            ? AlignmentType.CENTER
            : options.align === 'right'
              ? AlignmentType.RIGHT
              : options.align === 'left'
                ? AlignmentType.LEFT
                : AlignmentType.JUSTIFIED,
        spacing: { before: options.before ?? 0, after: options.after ?? 0 },
        children: (Array.isArray(runs) ? runs : [runs]).map((run) => new TextRun(run)),
      });
    const centered = (run: Run, before = 0) => para(run, { align: 'center', before });

    /** Two borderless columns side by side, as the heading and the closing are set. */
    const sideBySide = (left: InstanceType<typeof Paragraph>[], right: InstanceType<typeof Paragraph>[]) => {
      const leftWidth = Math.round(textWidth * 0.4);
      return new Table({
        width: { size: textWidth, type: WidthType.DXA },
        columnWidths: [leftWidth, textWidth - leftWidth],
        borders: noBorders,
        rows: [
          new TableRow({
            children: [
              new TableCell({
                width: { size: leftWidth, type: WidthType.DXA },
                borders: noBorders,
                children: left,
              }),
              new TableCell({
                width: { size: textWidth - leftWidth, type: WidthType.DXA },
                borders: noBorders,
                children: right,
              }),
            ],
          }),
        ],
      });
    };

    const dataTable = (table: PrintedTable) => {
      const width = Math.floor(textWidth / table.header.length);
      const cell = (text: string, numeric: boolean, bold: boolean) =>
        new TableCell({
          width: { size: width, type: WidthType.DXA },
          borders: lines,
          children: [para({ text, bold, size: size.table }, { align: numeric ? 'right' : 'left' })],
        });
      return new Table({
        width: { size: width * table.header.length, type: WidthType.DXA },
        columnWidths: table.header.map(() => width),
        rows: [
          new TableRow({
            tableHeader: true,
            children: table.header.map((h) => cell(h.text, h.numeric, true)),
          }),
          ...table.rows.map(
            (row) => new TableRow({ children: row.map((c, i) => cell(c.text, c.numeric, i === 0)) }),
          ),
        ],
      });
    };

    const heading = (text: string) => para({ text, bold: true }, { align: 'left', before: 200, after: 80 });
    const body = (text: string) => para({ text }, { after: 80 });

    const document = new Document({
      creator: 'Pledge Tracker',
      title: `${report.kind}: ${report.subject}`,
      lastModifiedBy: 'Pledge Tracker',
      styles: { default: { document: { run: { font: 'Times New Roman', size: size.body } } } },
      sections: [
        {
          properties: { page: { size: page, margin } },
          children: [
            sideBySide(
              [
                centered({ text: report.superiorBody, size: size.heading }),
                centered({ text: report.issuingBody, bold: true, size: size.heading }),
                centered({ text: report.number }, 120),
              ],
              [
                centered({ text: report.nationalTitle, bold: true, size: size.heading }),
                centered({ text: report.motto, bold: true }),
                centered({ text: report.placeAndDate, italics: true }, 120),
              ],
            ),
            centered({ text: report.kind, bold: true, size: size.title }, 360),
            centered({ text: report.subject, bold: true, size: size.title }),
            para({ text: report.period, italics: true }, { align: 'center', after: 240 }),
            heading(report.summaryHeading),
            body(report.summary),
            body(report.verification),
            ...(report.money ? [body(report.money)] : []),
            ...(report.pledgeLines.length > 0
              ? [heading(report.byOrganizationHeading), ...report.pledgeLines.map((l) => body(`- ${l}`))]
              : []),
            ...report.tables.flatMap((table) => [heading(table.caption), dataTable(table)]),
            para({ text: report.asOf, italics: true }, { before: 240, after: 240 }),
            sideBySide(
              [
                para(
                  { text: report.recipientsHeading, bold: true, italics: true, size: size.heading },
                  { align: 'left' },
                ),
                ...report.recipients.map((r) =>
                  para({ text: `- ${r}`, size: size.small }, { align: 'left' }),
                ),
              ],
              [
                centered({ text: report.signature.authority, bold: true }),
                centered({ text: report.signature.position, bold: true }),
                centered({ text: report.signature.hint, italics: true, size: size.small }),
                centered({ text: report.signature.nameBlank, bold: true }, 1440),
              ],
            ),
          ],
        },
      ],
    });
    const packed = await Packer.toBuffer(document);
    return new Uint8Array(packed);
  }
}
