// The handover register as a sheet (#13): one row per handover, beneficiary columns only for those who may see
// them, every text cell safe from formula injection. Pure.
import { categories } from './categories';
import type { Handover, Organization } from './model';

/**
 * A text cell a spreadsheet program would take for a formula (=, +, -, @), or whose first character a program
 * drops (tab, carriage return), starts with an apostrophe: shown as text, never evaluated (OWASP's advice on
 * CSV injection). exceljs writes strings as strings anyway; this keeps them so once copied, pasted or saved as CSV.
 */
export function spreadsheetText(value: string): string {
  return /^[=+\-@\t\r]/u.test(value) ? `'${value}` : value;
}

const viDate = (iso: string) => `${iso.slice(8, 10)}/${iso.slice(5, 7)}/${iso.slice(0, 4)}`;

export function handoverRegisterTable(
  handovers: readonly Handover[],
  organizations: ReadonlyMap<string, Organization>,
  options: { withPersonalData: boolean },
) {
  const personal = options.withPersonalData;
  const headers = [
    'STT',
    ...(personal ? ['Họ tên chủ hộ', 'Địa chỉ'] : []),
    'Phường/Xã',
    'Hạng mục',
    'Đơn vị thực hiện',
    'Ngày bàn giao',
    'Kinh phí (đồng)',
    'Đơn vị phối hợp',
    'Ghi chú',
    'Trạng thái',
    'Mã bàn giao',
  ];
  const nameOf = (id: string) => organizations.get(id)?.name ?? id;
  const rows = handovers.map((h, index) =>
    [
      index + 1,
      ...(personal ? [h.beneficiary?.name ?? '', h.beneficiary?.address ?? ''] : []),
      h.ward,
      categories[h.category].label.vi,
      nameOf(h.organizationId),
      viDate(h.handedOverOn),
      h.valueVnd ?? null,
      (h.coFunders ?? []).map(nameOf).join('; '),
      h.note ?? '',
      h.state === 'voided' ? `Đã hủy: ${h.voidReason ?? ''}` : 'Đã ghi nhận',
      h.id,
    ].map((cell) => (typeof cell === 'string' ? spreadsheetText(cell) : cell)),
  );
  const countColumns = new Set(['STT', 'Kinh phí (đồng)']);
  return {
    title: 'Sổ bàn giao',
    columns: headers.map((header) => ({
      header,
      kind: countColumns.has(header) ? ('count' as const) : ('text' as const),
    })),
    rows,
  };
}
