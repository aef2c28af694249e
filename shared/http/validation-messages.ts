// Our own validation messages in Vietnamese: the schemas and domain rules word them in English, and the HTTP
// edge picks the caller's language when it renders an error (zod's own messages are localized while parsing).
import type { ErrorDetail } from '../domain/errors';
import type { Language } from './language';

/** English as the schemas and rules write it, Vietnamese as a caller reads it; `$1`… are the captured parts. */
const vietnamese: readonly (readonly [RegExp, string])[] = [
  [/^must not be empty$/, 'không được để trống'],
  [/^must be at most (\d+) characters$/, 'dài tối đa $1 ký tự'],
  [/^must be (\d+) to (\d+) characters$/, 'phải dài từ $1 đến $2 ký tự'],
  [/^must not contain control characters$/, 'không được chứa ký tự điều khiển'],
  [/^must not contain unpaired surrogates$/, 'không được chứa nửa cặp thay thế (surrogate) đứng lẻ'],
  [
    /^must not contain invisible or direction-changing characters \((.*)\)$/,
    'không được chứa ký tự vô hình hoặc ký tự đổi chiều văn bản ($1)',
  ],
  [/^must contain a visible character$/, 'phải có ít nhất một ký tự nhìn thấy được'],
  [
    /^must be (\d+) to (\d+) lower-case letters, digits or hyphens, not starting with a hyphen$/,
    'phải gồm $1 đến $2 chữ thường, chữ số hoặc dấu gạch ngang, không bắt đầu bằng dấu gạch ngang',
  ],
  [/^is not a valid id$/, 'không phải là mã hợp lệ'],
  [/^must be a date written YYYY-MM-DD$/, 'phải là ngày viết theo dạng YYYY-MM-DD'],
  [/^must be between (\S+) and (\S+)$/, 'phải nằm trong khoảng từ $1 đến $2'],
  [/^must be one of (.*)$/, 'phải là một trong: $1'],
  [/^must be a whole number$/, 'phải là số nguyên'],
  [/^must be a whole number of đồng$/, 'phải là số đồng nguyên'],
  [/^must be at least (.+)$/, 'không được nhỏ hơn $1'],
  [/^must be at most (.+)$/, 'không được lớn hơn $1'],
  [/^must list at least one ward$/, 'phải có ít nhất một phường'],
  [/^must hold at least one item$/, 'phải có ít nhất một mục'],
  [/^must be recorded or voided$/, 'phải là "recorded" (đã ghi) hoặc "voided" (đã hủy)'],
  [/^must not repeat a ward$/, 'không được lặp lại phường'],
  [/^must not be before (\w+)$/, 'không được trước $1'],
  [/^can only be (.+)$/, 'chỉ có thể là $1'],
  [/^must have at most one decimal$/, 'chỉ được có tối đa một chữ số thập phân'],
  [/^must not repeat an organization$/, 'không được lặp lại tổ chức'],
  [/^the (\S+) header is required$/, 'cần có header $1'],
  [/^must be printable ASCII without spaces$/, 'chỉ được gồm ký tự ASCII in được, không có dấu cách'],
  [/^is not an asset of this site$/, 'không phải là tệp của trang này'],
  [/^must be an e-mail address$/, 'phải là địa chỉ e-mail'],
  [
    /^an organization user needs organizationId, and only an organization user has one$/,
    'tài khoản của tổ chức cần có organizationId, và chỉ tài khoản của tổ chức mới có',
  ],
  [/^unknown field\(s\): (.*)$/, 'có trường không được chấp nhận: $1'],
  [/^unknown organization (.+)$/, 'không có tổ chức $1'],
  [/^is the recording organization itself$/, 'chính là tổ chức ghi nhận'],
  [/^is not a ward of campaign (.+)$/, 'không phải là phường của đợt vận động $1'],
  [/^must be within the campaign, (\S+) to (\S+)$/, 'phải nằm trong thời gian đợt vận động, từ $1 đến $2'],
  [/^must not be in the future$/, 'không được là ngày trong tương lai'],
  [/^is not a cursor this list gave out$/, 'không phải là con trỏ do danh sách này trả về'],
  [
    /^must not nest objects and arrays more than (\d+) deep$/,
    'không được lồng đối tượng và mảng sâu quá $1 tầng',
  ],
];

/** One message in the caller's language; a message with no translation (zod's, already localized) is kept. */
export function localizeMessage(message: string, language: Language): string {
  if (language === 'en') return message;
  for (const [english, translated] of vietnamese) {
    if (english.test(message)) return message.replace(english, translated);
  }
  return message;
}

/** The details in the caller's language, and the summary message rebuilt from them, path first as always. */
export function localizeDetails(
  details: readonly ErrorDetail[],
  language: Language,
): { message: string; details: ErrorDetail[] } {
  const localized = details.map((d) => ({ path: d.path, message: localizeMessage(d.message, language) }));
  return { message: localized.map((d) => `${d.path}: ${d.message}`).join('; '), details: localized };
}
